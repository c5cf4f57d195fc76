import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { ThrottleHitEntity } from './throttle-hit.entity';

/** Every query on throttle_hits. Windows are measured by the database's clock. */
@Injectable()
export class ThrottleRepository {
  constructor(@InjectRepository(ThrottleHitEntity) private readonly repo: Repository<ThrottleHitEntity>) {}

  /**
   * Seconds until `key` may go again under a rule of `limit` hits per `windowSeconds`, or 0: the
   * limit-th newest hit in the window decides, as the key may go once it leaves the window.
   */
  async retryAfter(bucket: string, key: string, limit: number, windowSeconds: number): Promise<number> {
    const row = await this.repo
      .createQueryBuilder('h')
      .select('ceil(extract(epoch FROM (h.at + make_interval(secs => :windowSeconds) - now())))', 'wait')
      .where('h.bucket = :bucket AND h.key = :key AND h.at > now() - make_interval(secs => :windowSeconds)', { bucket, key, windowSeconds })
      .orderBy('h.at', 'DESC')
      .offset(limit - 1)
      .limit(1)
      .getRawOne<{ wait: number | string }>();
    return row ? Math.max(1, Number(row.wait)) : 0;
  }

  async insert(bucket: string, key: string): Promise<void> {
    await this.repo.createQueryBuilder().insert().values({ bucket, key }).updateEntity(false).execute();
  }

  /** Forgets the hits of `key` under rule `bucket`, or of every key when `key` is undefined. */
  async remove(bucket: string, key?: string): Promise<void> {
    await this.repo.delete(key === undefined ? { bucket } : { bucket, key });
  }

  /** Deletes every rule's hits older than a day (longer than any window). */
  async removeOld(): Promise<void> {
    await this.repo.createQueryBuilder().delete().where(`at < now() - interval '1 day'`).execute();
  }
}
