/**
 * `?q=` keeps its LIKE meaning (each word is a substring of the lowercased title +
 * description), but full-text indexes only find whole words or word prefixes. So the
 * index holds, for every word of a listing, each of its suffixes: a word occurs inside
 * another exactly when it starts one of that word's suffixes, and a prefix query finds it.
 * Index lookups narrow the candidates; the LIKE check then decides, so results stay exact.
 */

/** Shorter runs are not indexed (MariaDB's innodb_ft_min_token_size is 3); such words fall back to LIKE alone. */
export const MIN_TERM_LENGTH = 3;
/** Suffixes are cut to this length: a longer query run is looked up by its first characters. */
export const MAX_TERM_LENGTH = 16;

/** Letters and decimal digits: what both databases' tokenizers treat as word characters. Runs with a character outside the Basic Multilingual Plane (two UTF-16 units) are left to LIKE. */
const RUN = /[\p{L}\p{Nd}]+/gu;

function runsOf(text: string): string[] {
  return (text.match(RUN) ?? []).filter((run) => [...run].length === run.length);
}

/** The indexed text of a listing: its words' suffixes, cut and de-duplicated, separated by spaces. */
export function searchTermsOf(searchText: string): string {
  const terms = new Set<string>();
  for (const run of runsOf(searchText.toLowerCase())) {
    for (let start = 0; start + MIN_TERM_LENGTH <= run.length; start++)
      terms.add(run.slice(start, start + MAX_TERM_LENGTH));
  }
  return [...terms].join(' ');
}

/** What the index of one database does not hold, so a query must not look it up. */
export interface IndexLimits {
  /** Runs shorter than this are left to LIKE (at least MIN_TERM_LENGTH). */
  minLength: number;
  /** Words the index skips (MariaDB's stopwords); a run that begins one of them is left to LIKE. */
  stopwords: string[];
}

/**
 * The prefixes one query word needs in the index: every run of word characters in it is
 * the start of some indexed suffix in a listing that contains the word. Runs the index
 * cannot vouch for (too short, or the start of a stopword) are left to the LIKE check.
 */
export function prefixesOf(word: string, limits: IndexLimits): string[] {
  const prefixes = runsOf(word.toLowerCase())
    .filter((run) => run.length >= Math.max(MIN_TERM_LENGTH, limits.minLength))
    .map((run) => run.slice(0, MAX_TERM_LENGTH))
    .filter((prefix) => !limits.stopwords.some((stopword) => stopword.startsWith(prefix)));
  return [...new Set(prefixes)];
}
