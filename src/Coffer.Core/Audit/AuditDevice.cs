using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Coffer.Core.Audit;

/// <summary>An enabled device: its table entry, its salt, how it formats entries and where the lines go.</summary>
internal sealed class AuditDevice : IDisposable
{
    // The log is read by people and log shippers, not embedded in HTML, so only what JSON requires is escaped.
    private static readonly JsonSerializerOptions LineOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = false,
    };

    private readonly AuditEntryFormatter? _formatter;
    private volatile bool _retired;

    public AuditDevice(AuditDeviceEntry entry, AuditDeviceSettings? settings, AuditSalt salt, IAuditSink sink)
    {
        Entry = entry;
        Settings = settings;
        Salt = salt;
        Sink = sink;
        _formatter = settings is null ? null : new AuditEntryFormatter(new AuditHasher(salt, settings), settings);
    }

    public AuditDeviceEntry Entry { get; }

    /// <summary>Null for a stored device whose options no longer parse; it fails every write.</summary>
    public AuditDeviceSettings? Settings { get; }

    public AuditSalt Salt { get; }
    public IAuditSink Sink { get; }

    /// <summary>Set once the device is disabled or the broker closed: failures after that are not failures to audit.</summary>
    public bool Retired => _retired;

    public string Render(Func<AuditEntryFormatter, JsonObject> build)
    {
        var formatter = _formatter ?? throw new InvalidOperationException($"audit device {Entry.Path} is not configured");
        var entry = build(formatter);
        var body = Settings!.Format == AuditFormat.JsonX ? JsonxEncoder.Encode(entry) : entry.ToJsonString(LineOptions);
        return Settings.Prefix + body;
    }

    public void Retire() => _retired = true;

    public void Dispose()
    {
        _retired = true;
        Sink.Dispose();
        Salt.Dispose();
    }
}
