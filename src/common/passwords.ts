/** Password lengths, for users' bodies and the sign-up / sign-in bodies alike. */
export const PASSWORD_MIN = 8;
/** Long enough for any pass phrase, short enough that hashing it is no denial of service. */
export const PASSWORD_MAX = 1024;
