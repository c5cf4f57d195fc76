import { Injectable } from '@nestjs/common';

/**
 * Whether this process is shutting down. While it drains, health answers 503 (a load balancer
 * stops sending it work) and every answer carries `Connection: close`.
 */
@Injectable()
export class DrainState {
  private since?: number;

  get draining(): boolean {
    return this.since !== undefined;
  }

  start(): void {
    this.since ??= Date.now();
  }
}
