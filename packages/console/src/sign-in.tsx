import { useState } from 'preact/hooks';
import { identityOf, type Identity, type Mode } from './auth';

/** Sign in with a merchant token of `mode` (pasted; or opened from the URL `npm start` prints). */
export function SignIn({ mode, reason, signIn }: { mode: Mode; reason: string | undefined; signIn: (identity: Identity) => void }) {
  const [token, setToken] = useState('');
  const [problem, setProblem] = useState<string>();
  const submit = (event: Event) => {
    event.preventDefault();
    const identity = identityOf(token);
    if (!identity) return setProblem('That is not a token: paste the whole JWT (three parts separated by dots).');
    if (identity.mode !== mode) return setProblem(`That is a ${identity.mode}-mode token; this is the ${mode}-mode console. Switch mode above, or paste a ${mode}-mode token.`);
    if (identity.expiresAt && identity.expiresAt < new Date()) return setProblem(`That token expired at ${identity.expiresAt.toLocaleString()}.`);
    signIn(identity);
  };
  return (
    <article class="sign-in">
      <h1>Sign in to {mode} mode</h1>
      {reason ? (
        <p class="problem" role="alert">
          {reason}
        </p>
      ) : null}
      <p>
        Paste a {mode}-mode token of your application (<code>npm run token{mode === 'live' ? ' -- --mode live' : ''}</code> makes one for development). It stays in this tab only, and every call
        checks it.
      </p>
      <form onSubmit={submit} aria-label="Sign in">
        <label>
          Token
          <textarea name="token" rows={4} required spellcheck={false} autocomplete="off" value={token} onInput={(event) => setToken(event.currentTarget.value)} />
        </label>
        {problem ? (
          <p class="problem" role="alert">
            {problem}
          </p>
        ) : null}
        <button type="submit">Sign in</button>
      </form>
    </article>
  );
}
