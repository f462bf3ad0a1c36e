// The shape every screen's messages.ts follows: English is the schema, and each translation must
// have exactly its keys (a missing or extra key fails the typecheck).
import type { Language } from '../../../shared/settings';
import type { MessageTree } from './compile';

export type Translation<T> = { [K in keyof T]: T[K] extends string ? string : Translation<T[K]> };

export type LocaleMessages<T extends MessageTree> = { en: T } & { [L in Exclude<Language, 'en'>]: Translation<T> };

export function defineMessages<T extends MessageTree>(messages: LocaleMessages<T>): LocaleMessages<T> {
  return messages;
}
