/**
 * Presses a button of the sandbox's hosted page as a browser would: loads the page, then posts its
 * form (with the token the page carries, or `token`: a page loaded earlier, as after Back). The answer,
 * not followed (a 303 to the merchant, mostly).
 */
export async function pressOnSandboxPage(checkoutUrl: string, action: 'pay' | 'decline' | 'cancel', token?: string): Promise<Response> {
  token ??= await sandboxFormToken(checkoutUrl);
  return fetch(`${checkoutUrl}/${action}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token, action }).toString(),
    redirect: 'manual',
  });
}

/** The token the forms of a checkout's page carry, read from the page as a browser holding it would have it. */
export async function sandboxFormToken(checkoutUrl: string): Promise<string> {
  const page = await (await fetch(checkoutUrl)).text();
  return /name="token" value="([^"]+)"/.exec(page)?.[1] ?? '';
}
