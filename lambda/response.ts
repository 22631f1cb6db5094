import * as http from 'http';
import * as https from 'https';
import type { CloudFormationCustomResourceResponse } from 'aws-lambda';

/** PUT the response document to CloudFormation's pre-signed URL, retrying network faults. */
export async function sendResponse(responseUrl: string, response: CloudFormationCustomResourceResponse, attempts = 5): Promise<void> {
  const body = JSON.stringify(response);
  for (let attempt = 1; ; attempt++) {
    try {
      await put(responseUrl, body);
      return;
    } catch (error) {
      if (attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200 * 2 ** attempt));
    }
  }
}

function put(url: string, body: string): Promise<void> {
  const target = new URL(url);
  const transport = target.protocol === 'http:' ? http : https;
  return new Promise((resolve, reject) => {
    const request = transport.request(
      target,
      // The pre-signed URL is signed for an empty content type.
      { method: 'PUT', headers: { 'content-type': '', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        res.resume();
        res.on('end', () => (res.statusCode && res.statusCode < 300 ? resolve() : reject(new Error(`response URL answered ${res.statusCode}`))));
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}
