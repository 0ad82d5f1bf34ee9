/**
 * Presses a button of the sandbox's hosted page as a browser would: loads the page, then posts its
 * form (with the token the page carries). The answer, not followed (a 303 to the merchant, mostly).
 */
export async function pressOnSandboxPage(checkoutUrl: string, action: 'pay' | 'decline' | 'cancel'): Promise<Response> {
  const page = await (await fetch(checkoutUrl)).text();
  const token = /name="token" value="([^"]+)"/.exec(page)?.[1] ?? '';
  return fetch(`${checkoutUrl}/${action}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token, action }).toString(),
    redirect: 'manual',
  });
}
