export { encodeCursor, decodeCursor, invalidCursor } from './cursor.js';
export { pageOf, createdAtPosition, createdAtCursor, type Page, type CreatedAtPosition } from './page.js';
