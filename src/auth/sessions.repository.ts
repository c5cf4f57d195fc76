import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { WebSessionEntity } from './web-session.entity';

/** Every query on web_sessions. Expiry is by the database's clock. */
@Injectable()
export class SessionsRepository {
  constructor(@InjectRepository(WebSessionEntity) private readonly repo: Repository<WebSessionEntity>) {}

  /** Records a new session of `userId`, valid for `ttlSeconds` from now. */
  async insert(sid: string, userId: string, ttlSeconds: number): Promise<void> {
    await this.repo
      .createQueryBuilder()
      .insert()
      .values({ sid, userId, expiresAt: () => 'now() + make_interval(secs => :ttlSeconds)' })
      .setParameter('ttlSeconds', ttlSeconds)
      .updateEntity(false)
      .execute();
  }

  /** Whether session `sid` of `userId` is recorded and not expired. */
  isLive(sid: string, userId: string): Promise<boolean> {
    return this.repo
      .createQueryBuilder('s')
      .where('s.sid = :sid AND s.userId = :userId AND s.expiresAt > now()', { sid, userId })
      .getExists();
  }

  async remove(sid: string): Promise<void> {
    await this.repo.delete({ sid });
  }

  /** Deletes everyone's expired sessions. */
  async removeExpired(): Promise<void> {
    await this.repo.createQueryBuilder().delete().where('expires_at < now()').execute();
  }
}
