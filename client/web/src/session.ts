// Who is signed in, as the server says (WhoAmI); null when nobody is.
import { Code, ConnectError } from "@connectrpc/connect";
import { directory } from "./api";
import type { WhoAmIResponse } from "./gen/summit/directory/v1/directory_service_pb";
import { pickLanguage, setLanguage, setTimeZone } from "./i18n";

let me: WhoAmIResponse | null = null;

export function currentUser(): WhoAmIResponse | null {
  return me;
}

export async function loadSession(): Promise<WhoAmIResponse | null> {
  try {
    me = await directory.whoAmI({});
  } catch (error) {
    if (ConnectError.from(error).code !== Code.Unauthenticated) throw error;
    me = null;
  }
  setLanguage(pickLanguage(me?.person?.languages ?? navigator.languages.map((l) => l.slice(0, 2))));
  if (me?.person?.timeZone) setTimeZone(me.person.timeZone);
  return me;
}

export async function signOut(): Promise<void> {
  await directory.signOut({});
  me = null;
}
