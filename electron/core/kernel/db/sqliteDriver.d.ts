// better-sqlite3-multiple-ciphers 13 ships its types (index.d.ts) but its package.json "exports"
// does not name them, so TypeScript cannot find them. Its API is better-sqlite3's (the SQLCipher
// key calls aside, which database.ts types itself): take better-sqlite3's own type definitions.
declare module 'better-sqlite3-multiple-ciphers' {
  import Database from 'better-sqlite3';
  export = Database;
}
