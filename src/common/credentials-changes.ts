import { Injectable } from '@nestjs/common';

/**
 * "Tokens, users or profiles changed." The repositories that change them announce it here once
 * the change has committed; whoever keeps credentials in memory (the token guard's cache, in
 * auth) listens. The announcers need not know who listens, so users, tokens and profiles do not
 * import auth for it. Listeners run synchronously, before the change's caller goes on.
 */
@Injectable()
export class CredentialsChanges {
  private readonly listeners: (() => void)[] = [];

  /** Calls `listener` after every change. */
  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  /** Runs a change (committed when it resolves), then announces it, even if it failed. */
  async after<T>(change: () => Promise<T>): Promise<T> {
    try {
      return await change();
    } finally {
      this.announce();
    }
  }

  announce(): void {
    for (const listener of this.listeners) listener();
  }
}
