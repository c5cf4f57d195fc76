import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DuplicateResourceError } from '../../../common/errors/api-errors';
import { LensesRepository } from '../../../lenses/lenses.repository';
import { FIRST_ADMIN_NAME } from '../../../users/user.entity';
import { UsersRepository } from '../../../users/users.repository';
import {
  STATUS_TREE_LENS_CSS,
  STATUS_TREE_LENS_JS,
  STATUS_TREE_LENS_JSON,
  STATUS_TREE_LENS_VERSION,
} from './status-tree-lens';
import { buildZip } from './zip-writer';

/** The name of the built-in lens. */
export const BUILTIN_LENS_NAME = 'RefocusStatusTree';

/** The built-in lens's library, as a zip like every uploaded lens. */
export function builtinLensZip(): Buffer {
  return buildZip({ 'lens.css': STATUS_TREE_LENS_CSS, 'lens.js': STATUS_TREE_LENS_JS, 'lens.json': STATUS_TREE_LENS_JSON });
}

/**
 * Publishes the built-in lens at start-up (after the first admin exists), owned by the first
 * admin, so that a fresh install draws a perspective with no upload. A release with another
 * version of the lens replaces the stored library. Safe when several processes start at once.
 */
@Injectable()
export class BuiltinLensSeeder implements OnApplicationBootstrap {
  private readonly logger = new Logger('BuiltinLensSeeder');

  constructor(
    private readonly lenses: LensesRepository,
    private readonly users: UsersRepository,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const existing = await this.lenses.findByKey(BUILTIN_LENS_NAME);
    if (existing) {
      if (existing.version !== STATUS_TREE_LENS_VERSION) {
        const { name, description, isPublished, ownerId } = existing;
        await this.lenses.update(existing.id, { name, description, isPublished, ownerId, version: STATUS_TREE_LENS_VERSION, library: builtinLensZip() });
      }
      return;
    }
    const admin = await this.users.findByKey(FIRST_ADMIN_NAME);
    if (!admin) return;
    try {
      await this.lenses.insert(
        {
          name: BUILTIN_LENS_NAME,
          sourceName: BUILTIN_LENS_NAME,
          description: 'Built-in: the status of every subject and aspect of the perspective, live.',
          sourceDescription: 'Built-in: the status of every subject and aspect of the perspective, live.',
          version: STATUS_TREE_LENS_VERSION,
          sourceVersion: STATUS_TREE_LENS_VERSION,
          helpEmail: null,
          helpUrl: null,
          thumbnailUrl: null,
          isPublished: true,
          lensEventApiVersion: 1,
          metadata: {},
          library: builtinLensZip(),
          ownerId: admin.id,
        },
        admin.id,
      );
      this.logger.log(`Published the built-in lens ${BUILTIN_LENS_NAME}`);
    } catch (e) {
      if (!(e instanceof DuplicateResourceError)) throw e; // another process published it first
    }
  }
}
