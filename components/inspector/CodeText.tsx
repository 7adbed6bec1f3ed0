/** Text whose `backticked` parts (port names in messages, kinds in explanations) show as code. */
import { Fragment } from "react";

export function CodeText({ text }: { text: string }) {
  return <>{text.split(/`([^`]+)`/).map((part, i) => (i % 2 ? <code key={i}>{part}</code> : <Fragment key={i}>{part}</Fragment>))}</>;
}
