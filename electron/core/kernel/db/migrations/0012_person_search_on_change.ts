/**
 * 0012: a file's search entry is written again only when what it is searched by changed.
 *
 * `AFTER UPDATE OF name, …` fires whenever one of those columns is in an UPDATE's SET list, equal
 * or not: a person form saved, or a supervisor's import updating a file whose `updated_at` alone
 * changed, deleted and re-inserted the file's full-text entry for nothing (an import of a
 * county's monthly bundle touches most of its files). The trigger does the same as before, only
 * when a value differs.
 */
export default /* sql */ `
DROP TRIGGER persons_search_update;
CREATE TRIGGER persons_search_update AFTER UPDATE OF name, name_pinyin, name_initials, id_number, phone ON persons
WHEN old.name IS NOT new.name OR old.name_pinyin IS NOT new.name_pinyin OR old.name_initials IS NOT new.name_initials
  OR old.id_number IS NOT new.id_number OR old.phone IS NOT new.phone
BEGIN
  INSERT INTO person_search (person_search, rowid, name, name_pinyin, name_initials, id_number, phone)
  VALUES ('delete', old.id, old.name, old.name_pinyin, old.name_initials, old.id_number, old.phone);
  INSERT INTO person_search (rowid, name, name_pinyin, name_initials, id_number, phone)
  VALUES (new.id, new.name, new.name_pinyin, new.name_initials, new.id_number, new.phone);
END;
`;
