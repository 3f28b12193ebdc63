export * from './automatedMessage.ts';
export * from './loopGuard.ts';
export * from './mailHeaders.ts';
export * from './subject.ts';
export * from './threading.ts';
