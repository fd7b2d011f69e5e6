import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStorage } from '../../src/storage/open-storage';
import { POSTGRES_MIGRATIONS, SQLITE_MIGRATIONS } from '../../src/storage/migrations';
import { startPostgres, type TestPostgres } from '../helpers/postgres';
import { storageContract } from '../helpers/storage-contract';

describe('migrations', () => {
  it('have the same file names for SQLite and PostgreSQL, all registered in order', () => {
    const files = (dialect: string) => readdirSync(`server/src/storage/migrations/${dialect}`).filter((f) => f.endsWith('.ts')).map((f) => f.replace(/\.ts$/, '')).sort();
    expect(files('sqlite')).toEqual(files('postgres'));
    expect(Object.keys(SQLITE_MIGRATIONS)).toEqual(files('sqlite'));
    expect(Object.keys(POSTGRES_MIGRATIONS)).toEqual(files('postgres'));
    expect(files('sqlite')[0]).toBe('0001_init');
  });
});

storageContract('SQLite', () => openStorage(':memory:'));

let pg: TestPostgres;
let n = 0;
beforeAll(async () => { pg = await startPostgres(); });
afterAll(async () => { await pg?.stop(); });
storageContract('PostgreSQL', async () => openStorage(await pg.createDatabase(`contract_${++n}`)));
