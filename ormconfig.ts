import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from './src/config/app-config';
import { dataSourceOptions } from './src/database/data-source-options';

// The DataSource the TypeORM CLI uses (migration:generate / migration:run). Needs DATABASE_URL.
const config = loadConfig();
if (!config.databaseUrl) throw new Error('Set DATABASE_URL to use the TypeORM CLI');
export default new DataSource({ ...dataSourceOptions(config.databaseUrl, false), migrationsRun: false });
