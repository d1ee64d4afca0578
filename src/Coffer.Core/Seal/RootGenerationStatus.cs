using System.Text.Json.Nodes;

namespace Coffer.Core.Seal;

/// <summary>
/// Progress of a root (or DR operation) token generation, in the fields Vault answers with on
/// <c>.../attempt</c> and <c>.../update</c>. <see cref="Otp"/> is set only in the answer that started an attempt
/// with a server-generated OTP; <see cref="EncodedToken"/> only in the answer to the final share.
/// </summary>
public sealed record RootGenerationStatus(
    bool Started,
    string Nonce,
    int Progress,
    int Required,
    bool Complete,
    string EncodedToken,
    string PgpFingerprint,
    int OtpLength,
    string Otp)
{
    /// <summary>The bare JSON object Vault returns (these endpoints have no <c>data</c> envelope).</summary>
    /// <param name="legacyRootField">Also fill <c>encoded_root_token</c>, which old clients of sys/generate-root read.</param>
    public JsonObject ToJson(bool legacyRootField) => new()
    {
        ["started"] = Started,
        ["nonce"] = Nonce,
        ["progress"] = Progress,
        ["required"] = Required,
        ["complete"] = Complete,
        ["encoded_token"] = EncodedToken,
        ["encoded_root_token"] = legacyRootField ? EncodedToken : "",
        ["pgp_fingerprint"] = PgpFingerprint,
        ["otp"] = Otp,
        ["otp_length"] = OtpLength,
    };
}
