import { DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { dataSourceOptions } from './data-source-options';
import { DATABASE_TARGET, type DatabaseTarget } from './database-target';
import { PreparedSql } from './prepared-sql';

/** The TypeORM connection, the DatabaseTarget it was made from, and PreparedSql (injectable everywhere). */
@Global()
@Module({})
export class DatabaseModule {
  static forRoot(database: DatabaseTarget): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [TypeOrmModule.forRoot({ ...dataSourceOptions(database.url, database.embedded), entities: [], autoLoadEntities: true })],
      providers: [{ provide: DATABASE_TARGET, useValue: database }, PreparedSql],
      exports: [DATABASE_TARGET, PreparedSql],
    };
  }
}
