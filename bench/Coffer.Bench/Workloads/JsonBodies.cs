using System.Net.Http.Headers;
using System.Text.Json;

namespace Coffer.Bench.Workloads;

/// <summary>Request bodies of the Vault API calls the tests make, serialised once up front.</summary>
public static class JsonBodies
{
    private static readonly MediaTypeHeaderValue JsonType = new("application/json");

    /// <summary>KV write body: <c>{"foo":v}</c> for v1, wrapped in <c>{"data":...}</c> for v2.</summary>
    public static byte[] KvSecret(int kvVersion, string value) => Write(w =>
    {
        w.WriteStartObject();
        if (kvVersion == 2)
        {
            w.WriteStartObject("data");
        }

        w.WriteString("foo", value);
        if (kvVersion == 2)
        {
            w.WriteEndObject();
        }

        w.WriteEndObject();
    });

    /// <summary><c>sys/mounts/:path</c> body: the engine type, plus <c>options.version</c> for KV.</summary>
    public static byte[] Mount(string type, int? kvVersion) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("type", type);
        if (kvVersion is { } version)
        {
            w.WriteStartObject("options");
            w.WriteString("version", version.ToString(System.Globalization.CultureInfo.InvariantCulture));
            w.WriteEndObject();
        }

        w.WriteEndObject();
    });

    public static byte[] TransitKey() => Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("type", "aes256-gcm96");
        w.WriteEndObject();
    });

    public static byte[] TransitEncrypt(byte[] plaintext) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteBase64String("plaintext", plaintext);
        w.WriteEndObject();
    });

    public static byte[] TransitDecrypt(string ciphertext) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("ciphertext", ciphertext);
        w.WriteEndObject();
    });

    /// <summary>A request carrying a prebuilt JSON body; the byte array is shared, never copied.</summary>
    public static HttpRequestMessage Request(HttpMethod method, Uri uri, byte[]? body)
    {
        var request = new HttpRequestMessage(method, uri);
        if (body is not null)
        {
            var content = new ByteArrayContent(body);
            content.Headers.ContentType = JsonType;
            request.Content = content;
        }

        return request;
    }

    private static byte[] Write(Action<Utf8JsonWriter> build)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            build(writer);
        }

        return buffer.ToArray();
    }
}
