/**
 * What a token stands for. `user` tokens are the ones people name and manage; the others are
 * issued by the server for one record (`boundId`) and act as the user who made that record:
 * a collector, a sample generator, a bot, or one view of a room page (short-lived, room-scoped).
 */
export const TOKEN_KINDS = ['user', 'collector', 'generator', 'bot', 'room'] as const;
export type TokenKind = (typeof TOKEN_KINDS)[number];

/** Kinds of which a record holds one token at a time: issuing a new one replaces the old. */
export const SINGLE_TOKEN_KINDS: readonly TokenKind[] = ['collector', 'generator', 'bot'];
