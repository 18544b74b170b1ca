/** The built-in driver around OpenStack neutron's IptablesFirewallDriver. */
export * from './neutron-driver.ts';
