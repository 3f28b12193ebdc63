export * from './scores.ts';
export * from './fatigue.ts';
export * from './surveyToken.ts';
export * from './sentimentLexicon.ts';
export * from './aspects.ts';
export * from './feedbackAnalysis.ts';
export * from './themes.ts';
export * from './feedbackEvaluation.ts';
