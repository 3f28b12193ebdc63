export * from './cannedReply.ts';
export * from './mentions.ts';
