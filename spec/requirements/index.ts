/** The requirement catalogue: every promise the model can name, with its source. */
export * from './requirement.ts';
export * from './catalogue.ts';
