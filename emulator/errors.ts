// ENS / POP gateway error catalogue (ens-api.md §0 and §B, HTTP status from the "Use" column).
import { newRequestId } from "./util";

export class ApiError extends Error {
  constructor(
    readonly code: string,
    readonly apiMessage: string,
    readonly status = 400,
  ) {
    super(`${code}: ${apiMessage}`);
  }
}

export const HOST_ID = "ens.aliyuncs.com";

export const errors = {
  invalidParameter: (name: string) =>
    new ApiError(`InvalidParameter.${name}`, `The specified field ${name} invalid. Please check it again.`),
  // Choice: a missing required parameter answers `Missing<Name>` (e.g. MissingInstanceId), 400.
  missing: (name: string) => new ApiError(`Missing${name}`, `${name} is mandatory for this action.`),
  parameterInvalid: () => new ApiError("Parameter.Invalid", "The parameter is invalid.Please check your parameters and try it again."),
  callFailed: (text: string) => new ApiError("Interface.Call.Failed", `${text.replace(/\.$/, "")}.`),
  noPermission: () => new ApiError("NoPermission", "Permission denied."),
  throttlingUser: () => new ApiError("Throttling.User", "Request was denied due to user flow control."),
  accessKeyNotFound: () => new ApiError("InvalidAccessKeyId.NotFound", "Specified access key is not found.", 404),
  signatureMismatch: (stringToSign?: string) =>
    new ApiError(
      "SignatureDoesNotMatch",
      "Specified signature is not matched with our calculation." +
        (stringToSign === undefined ? "" : ` server string to sign is:${stringToSign}`),
    ),
  incompleteSignature: () => new ApiError("IncompleteSignature", "The request signature does not conform to Aliyun standards."),
  nonceUsed: () => new ApiError("SignatureNonceUsed", "Specified signature nonce was used already."),
  timestampExpired: () => new ApiError("InvalidTimeStamp.Expired", "Specified time stamp or date value is expired."),
  timestampFormat: () => new ApiError("InvalidTimeStamp.Format", "Specified time stamp or date value is not well formatted."),
  actionNotFound: () => new ApiError("InvalidAction.NotFound", "Specified api is not found, please check your url and method.", 404),
  internalError: () =>
    new ApiError("InternalError", "The request processing has failed due to some unknown error, exception or failure.", 500),
  serviceUnavailable: () => new ApiError("ServiceUnavailable", "The request has failed due to a temporary failure of the server.", 503),
};

/** The JSON error body of ens-api.md §A.5. */
export function errorBody(err: ApiError, requestId = newRequestId()): Record<string, string> {
  return {
    RequestId: requestId,
    HostId: HOST_ID,
    Code: err.code,
    Message: err.apiMessage,
    Recommend: `https://api.aliyun.com/troubleshoot?q=${encodeURIComponent(err.code)}&product=Ens&requestId=${requestId}`,
  };
}
