export * from './key-ring';
export * from './aes-gcm';
export * from './field-sealer';
