using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace Coffer.Integration.Tests.Access;

/// <summary>One HTTP answer from the server under test: status, parsed body (null when empty) and headers.</summary>
public sealed record ApiReply(HttpStatusCode Status, JsonObject? Body, HttpResponseHeaders Headers, string RawBody)
{
    public JsonNode? Data => Body?["data"];
    public JsonNode? Auth => Body?["auth"];
    public JsonNode? WrapInfo => Body?["wrap_info"];

    /// <summary>The first entry of <c>errors</c>, or null when there is none.</summary>
    public string? Error => Body?["errors"] is JsonArray { Count: > 0 } errors ? errors[0]!.GetValue<string>() : null;

    public IReadOnlyList<string> Warnings =>
        Body?["warnings"] is JsonArray warnings ? warnings.Select(w => w!.GetValue<string>()).ToList() : [];

    public string ClientToken => Auth?["client_token"]?.GetValue<string>() ?? throw Unexpected("no auth.client_token");

    public string String(string dataField) => Data?[dataField]?.GetValue<string>() ?? throw Unexpected($"no data.{dataField}");

    public IReadOnlyList<string> Keys =>
        Data?["keys"] is JsonArray keys ? keys.Select(k => k!.GetValue<string>()).ToList() : throw Unexpected("no data.keys");

    /// <summary>Fails the test unless the status is <paramref name="expected"/>, showing the body when it is not.</summary>
    public ApiReply Expect(HttpStatusCode expected)
    {
        Assert.True(Status == expected, $"expected {(int)expected} but got {(int)Status}: {RawBody}");
        return this;
    }

    public ApiReply ExpectOk() => Expect(HttpStatusCode.OK);

    public ApiReply ExpectNoContent() => Expect(HttpStatusCode.NoContent);

    /// <summary>403 with Vault's bare <c>permission denied</c>, and nothing else that could hint at what is there.</summary>
    public ApiReply ExpectDenied()
    {
        Expect(HttpStatusCode.Forbidden);
        Assert.Equal("""{"errors":["permission denied"]}""", RawBody);
        return this;
    }

    /// <summary>400 whose first error contains <paramref name="fragment"/>.</summary>
    public ApiReply ExpectBadRequest(string fragment)
    {
        Expect(HttpStatusCode.BadRequest);
        Assert.True(Error?.Contains(fragment, StringComparison.Ordinal) == true, $"error \"{Error}\" lacks \"{fragment}\"");
        return this;
    }

    private InvalidOperationException Unexpected(string what) => new($"{what} in {(int)Status} reply: {RawBody}");
}
