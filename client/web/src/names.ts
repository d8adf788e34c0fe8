// People's display names for resource names, asked once per page load.
import { directory } from "./api";

const cache = new Map<string, Promise<string>>();

export function displayName(person: string): Promise<string> {
  if (!person.startsWith("people/")) return Promise.resolve(person);
  let name = cache.get(person);
  if (!name) {
    name = directory.getPerson({ name: person }).then((p) => p.displayName || person, () => person);
    cache.set(person, name);
  }
  return name;
}

export async function displayNames(people: string[]): Promise<string[]> {
  return Promise.all(people.map(displayName));
}
