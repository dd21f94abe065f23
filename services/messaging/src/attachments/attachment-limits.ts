/** 12 MiB: the largest attachment stored; one byte more is refused while it streams in. */
export const MAX_ATTACHMENT_BYTES = 12 * 1024 * 1024;

/** Bytes per stored (and encrypted) chunk: the most an upload or a download holds in memory at once. */
export const CHUNK_BYTES = 256 * 1024;

/** Longest file name kept (in UTF-8 bytes); longer ones are refused as invalid. */
export const MAX_FILE_NAME_BYTES = 255;
