import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** The readiness probe's one query. */
@Injectable()
export class HealthRepository {
  constructor(private readonly ds: DataSource) {}

  /**
   * Whether the database answers a trivial query (false while the connection is not set up, or
   * on any failure). Hand-written: `SELECT 1` reads no table, which a QueryBuilder cannot express.
   */
  async ping(): Promise<boolean> {
    if (!this.ds.isInitialized) return false;
    return this.ds.query('SELECT 1').then(
      () => true,
      () => false,
    );
  }
}
