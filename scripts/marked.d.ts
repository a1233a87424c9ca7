// marked 4 ships no type declarations; the one call build-docs makes.
declare module 'marked' {
  export function marked(markdown: string, options?: { headerIds?: boolean; mangle?: boolean }): string;
}
