/** The oracle: expectation versus observation, three-way. */
export * from './compare.ts';
