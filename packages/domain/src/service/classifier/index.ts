export * from './complaintsDataset.ts';
export * from './detectLanguage.ts';
export * from './evaluation.ts';
export * from './naiveBayes.ts';
export * from './stopWords.ts';
export * from './textNormalisation.ts';
export * from './tokenise.ts';
export * from './turkishStemmer.ts';
