using Coffer.Core.Json;

namespace Coffer.Core.Audit;

/// <summary>
/// The validated options of a <c>file</c> audit device. Parsing is strict: a typo in an option name would otherwise
/// silently leave, for example, raw logging or accessor hashing in a state the operator did not ask for.
/// </summary>
public sealed record AuditDeviceSettings
{
    public const string StdoutPath = "stdout";
    public const string DiscardPath = "discard";

    /// <summary>Mode used when <c>mode</c> is not given.</summary>
    public const int DefaultMode = 0x180; // 0600

    private static readonly HashSet<string> KnownOptions = new(StringComparer.Ordinal)
    {
        "file_path", "path", "mode", "format", "prefix", "log_raw", "hmac_accessor", "elide_list_responses",
    };

    // Vault Enterprise features this server does not implement; accepting them silently would drop the
    // operator's fallback or filtering intent.
    private static readonly HashSet<string> UnsupportedOptions = new(StringComparer.Ordinal)
    {
        "fallback", "filter", "exclude",
    };

    public required string FilePath { get; init; }
    public AuditFormat Format { get; init; } = AuditFormat.Json;

    /// <summary>Unix permission bits for the log file; 0 means leave the file's mode as it is.</summary>
    public int Mode { get; init; } = DefaultMode;

    public string Prefix { get; init; } = "";
    public bool LogRaw { get; init; }
    public bool HmacAccessor { get; init; } = true;
    public bool ElideListResponses { get; init; }

    public bool IsStdout => FilePath == StdoutPath;
    public bool IsDiscard => FilePath == DiscardPath;

    /// <summary>Validates the options of a <c>file</c> device; every problem is a 400 the operator can act on.</summary>
    public static AuditDeviceSettings Parse(IReadOnlyDictionary<string, string> options)
    {
        foreach (var key in options.Keys)
        {
            if (UnsupportedOptions.Contains(key))
            {
                throw CofferError.BadRequest($"audit device option \"{key}\" is not supported");
            }
            if (!KnownOptions.Contains(key))
            {
                throw CofferError.BadRequest($"unknown audit device option \"{key}\"");
            }
        }

        // Vault has long accepted "path" as an older spelling of file_path.
        var filePath = Get(options, "file_path") ?? Get(options, "path");
        if (string.IsNullOrWhiteSpace(filePath))
        {
            throw CofferError.BadRequest("file_path is required");
        }

        return new AuditDeviceSettings
        {
            FilePath = filePath,
            Format = ParseFormat(Get(options, "format")),
            Mode = ParseMode(Get(options, "mode")),
            Prefix = Get(options, "prefix") ?? "",
            LogRaw = ParseBool(options, "log_raw", false),
            HmacAccessor = ParseBool(options, "hmac_accessor", true),
            ElideListResponses = ParseBool(options, "elide_list_responses", false),
        };
    }

    private static string? Get(IReadOnlyDictionary<string, string> options, string key) =>
        options.TryGetValue(key, out var value) ? value : null;

    private static AuditFormat ParseFormat(string? text) => text switch
    {
        null or "" or "json" => AuditFormat.Json,
        "jsonx" => AuditFormat.JsonX,
        _ => throw CofferError.BadRequest($"unknown format type \"{text}\""),
    };

    private static int ParseMode(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return DefaultMode;
        }
        var digits = text.StartsWith("0o", StringComparison.OrdinalIgnoreCase) ? text[2..] : text;
        var mode = 0;
        foreach (var digit in digits)
        {
            if (digit is < '0' or > '7' || mode > 0x1FF)
            {
                throw CofferError.BadRequest($"unable to parse 'mode': \"{text}\" is not an octal file mode");
            }
            mode = mode * 8 + (digit - '0');
        }
        if (digits.Length == 0 || mode > 0x1FF)
        {
            throw CofferError.BadRequest($"unable to parse 'mode': \"{text}\" is not an octal file mode");
        }
        return mode;
    }

    private static bool ParseBool(IReadOnlyDictionary<string, string> options, string key, bool fallback)
    {
        var text = Get(options, key);
        if (string.IsNullOrEmpty(text))
        {
            return fallback;
        }
        return LenientFields.TryParseBool(text, out var value)
            ? value
            : throw CofferError.BadRequest($"unable to parse '{key}': \"{text}\" is not a boolean");
    }
}
