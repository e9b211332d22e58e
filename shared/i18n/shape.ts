/**
 * The shape every other language must fill, key for key, from the Chinese words. English may add
 * `<key>_one` beside a word that takes {{count}}: i18next picks it for a count of 1 and the bare
 * key (the plural) otherwise ("1 day", "3 days"). Chinese has no plural forms, so it has none.
 */
export type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> } & {
  [K in keyof T as T[K] extends string ? `${K & string}_one` : never]?: string;
};
