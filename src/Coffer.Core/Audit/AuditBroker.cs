using System.Net;
using System.Text.Json.Nodes;
using Coffer.Core.Barrier;
using Coffer.Core.Routing;

namespace Coffer.Core.Audit;

/// <summary>
/// The audit devices of this node and the rule that binds them: once any device is enabled, a request is served
/// only if at least one device recorded it. Devices are read from an immutable snapshot, so logging takes no
/// broker-wide lock; each device serialises its own writes.
/// </summary>
public sealed class AuditBroker : IDisposable
{
    public const string SharedTablePath = "core/audit";
    public const string LocalTablePath = "core/dr/local-audit";
    public const string SaltPrefix = "sys/audit-salt/";
    public const string FileType = "file";

    private readonly AuditTableStore _store;
    private readonly IClock _clock;
    private readonly AuditBrokerOptions _options;
    private readonly SemaphoreSlim _tableLock = new(1, 1);
    private readonly AuditSinkFactory _sinks;
    private volatile IReadOnlyList<AuditDevice> _devices = [];

    public AuditBroker(ISecureStorage storage, IClock clock, AuditBrokerOptions? options = null)
    {
        _store = new AuditTableStore(storage);
        Headers = new AuditedHeaders(storage);
        _clock = clock;
        _options = options ?? new AuditBrokerOptions();
        _sinks = new AuditSinkFactory(_options);
    }

    /// <summary>The request headers entries record (<c>sys/config/auditing/request-headers</c>).</summary>
    public AuditedHeaders Headers { get; }

    /// <summary>True when at least one device is enabled, i.e. requests must be audited to be served.</summary>
    public bool HasDevices => _devices.Count > 0;

    /// <summary>False for paths Vault never audits; the core skips both entries for them.</summary>
    public static bool IsAudited(string path) => !NeverAuditedPaths.Contains(path);

    /// <summary>The enabled devices, ordered by path.</summary>
    public IReadOnlyList<AuditDeviceEntry> List() =>
        _devices.Select(d => d.Entry).OrderBy(e => e.Path, StringComparer.Ordinal).ToList();

    /// <summary>The body of <c>GET sys/audit</c>: device path → <c>{type, description, options, local, path}</c>.</summary>
    public JsonObject ListJson()
    {
        var json = new JsonObject();
        foreach (var entry in List())
        {
            json[entry.Path] = entry.ToApiJson();
        }
        return json;
    }

    /// <summary>Validates, opens and persists a new device (<c>PUT sys/audit/:path</c>); every refusal is a 400.</summary>
    public async Task<AuditDeviceEntry> EnableAsync(string path, string type, string description,
        IReadOnlyDictionary<string, string> options, bool local, CancellationToken cancellationToken = default)
    {
        var devicePath = NormalizePath(path);
        if (type != FileType)
        {
            throw CofferError.BadRequest($"unknown audit backend type: {type}");
        }
        var settings = AuditDeviceSettings.Parse(options);

        await _tableLock.WaitAsync(cancellationToken);
        try
        {
            var devices = _devices;
            if (devices.Any(d => d.Entry.Path.StartsWith(devicePath, StringComparison.Ordinal) ||
                                 devicePath.StartsWith(d.Entry.Path, StringComparison.Ordinal)))
            {
                throw CofferError.BadRequest("path already in use");
            }
            var sink = _sinks.CreateOpened(settings, devices);
            var salt = AuditSalt.CreateRandom();
            var entry = new AuditDeviceEntry
            {
                Path = devicePath,
                Type = type,
                Description = description,
                Options = new Dictionary<string, string>(options, StringComparer.Ordinal),
                Local = local,
                Uuid = Guid.NewGuid().ToString(),
            };
            var device = new AuditDevice(entry, settings, salt, sink);
            try
            {
                await _store.CommitAsync(
                    [
                        AuditTableStore.TableWrite(devices.Select(d => d.Entry).Append(entry), local),
                        AuditTableStore.SaltWrite(entry.Uuid, salt),
                    ],
                    cancellationToken);
            }
            catch
            {
                device.Dispose();
                throw;
            }
            _devices = devices.Append(device).ToList();
            return entry;
        }
        finally
        {
            _tableLock.Release();
        }
    }

    /// <summary>Removes a device and its salt (<c>DELETE sys/audit/:path</c>); the log file stays. False when none was there.</summary>
    public async Task<bool> DisableAsync(string path, CancellationToken cancellationToken = default)
    {
        var devicePath = NormalizePath(path);
        await _tableLock.WaitAsync(cancellationToken);
        try
        {
            var devices = _devices;
            var device = devices.FirstOrDefault(d => d.Entry.Path == devicePath);
            if (device is null)
            {
                return false;
            }
            var remaining = devices.Where(d => d != device).ToList();
            await _store.CommitAsync(
                [
                    AuditTableStore.TableWrite(remaining.Select(d => d.Entry), device.Entry.Local),
                    AuditTableStore.SaltDelete(device.Entry.Uuid),
                ],
                cancellationToken);
            _devices = remaining;
            device.Dispose();
            return true;
        }
        finally
        {
            _tableLock.Release();
        }
    }

    /// <summary>
    /// Re-opens every stored device after unseal. A device that cannot open stays enabled and keeps failing (and
    /// retrying) until it can, so a broken disk makes requests fail rather than go unaudited.
    /// </summary>
    public async Task LoadAsync(CancellationToken cancellationToken = default)
    {
        await _tableLock.WaitAsync(cancellationToken);
        try
        {
            CloseDevices();
            var loaded = new List<AuditDevice>();
            try
            {
                foreach (var entry in await _store.ReadEntriesAsync(cancellationToken))
                {
                    loaded.Add(await LoadDeviceAsync(entry, cancellationToken));
                }
            }
            catch
            {
                loaded.ForEach(d => d.Dispose());
                throw;
            }
            _devices = loaded;
            await Headers.LoadAsync(cancellationToken);
        }
        finally
        {
            _tableLock.Release();
        }
    }

    /// <summary>Closes every device and forgets the salts and audited headers (seal). Storage is not touched.</summary>
    public void Close()
    {
        _tableLock.Wait();
        try
        {
            CloseDevices();
            Headers.Unload();
        }
        finally
        {
            _tableLock.Release();
        }
    }

    /// <summary>Closes and re-opens every file (SIGHUP, log rotation). Never throws; failures go to <see cref="AuditBrokerOptions.DeviceFailed"/>.</summary>
    public async Task ReopenAllAsync(CancellationToken cancellationToken = default)
    {
        foreach (var device in _devices)
        {
            using var deadline = Deadline(cancellationToken);
            try
            {
                await device.Sink.ReopenAsync(deadline.Token);
            }
            catch (Exception error) when (!device.Retired)
            {
                Report(device, error);
            }
            catch (Exception)
            {
                // Disabled while re-opening: nothing left to report.
            }
        }
    }

    /// <summary>The device's HMAC of <paramref name="input"/> (<c>sys/audit-hash/:path</c>), as it would appear in its log.</summary>
    public Task<string> HashAsync(string path, string input, CancellationToken cancellationToken = default)
    {
        var devicePath = NormalizePath(path);
        var device = _devices.FirstOrDefault(d => d.Entry.Path == devicePath)
                     ?? throw CofferError.BadRequest($"unknown audit backend \"{devicePath}\"");
        return Task.FromResult(device.Salt.Hmac(input));
    }

    /// <summary>
    /// Records that a request arrived, before it is handled. Throws a 500 <c>internal error</c> when devices are
    /// enabled and none recorded it; the core must then not serve the request. <paramref name="error"/> is set
    /// when the request is refused before handling (permission denied, bad token).
    /// </summary>
    public Task LogRequestAsync(AuditContext context, Exception? error = null, CancellationToken cancellationToken = default)
    {
        var time = _clock.UtcNow;
        var errorText = ErrorText(error);
        return RecordAsync(f => f.RequestEntry(context, time, errorText), cancellationToken);
    }

    /// <summary>
    /// Records the outcome of a request before it is returned. Throws a 500 <c>internal error</c> when devices are
    /// enabled and none recorded it; the core must then return that error instead of the response.
    /// </summary>
    public Task LogResponseAsync(AuditContext context, Response? response, Exception? error,
        AuditWrapInfo? wrapInfo = null, CancellationToken cancellationToken = default)
    {
        var time = _clock.UtcNow;
        var errorText = ErrorText(error);
        return RecordAsync(f => f.ResponseEntry(context, response, wrapInfo, time, errorText), cancellationToken);
    }

    public void Dispose() => Close();

    private async Task RecordAsync(Func<AuditEntryFormatter, JsonObject> build, CancellationToken cancellationToken)
    {
        var devices = _devices;
        if (devices.Count == 0)
        {
            return;
        }
        var outcomes = await Task.WhenAll(devices.Select(d => TryRecordAsync(d, build, cancellationToken)));
        var attempted = outcomes.Count(o => o != RecordOutcome.Retired);
        if (attempted > 0 && !outcomes.Contains(RecordOutcome.Written))
        {
            throw new CofferError(HttpStatusCode.InternalServerError, "internal error");
        }
    }

    private async Task<RecordOutcome> TryRecordAsync(AuditDevice device, Func<AuditEntryFormatter, JsonObject> build,
        CancellationToken cancellationToken)
    {
        using var deadline = Deadline(cancellationToken);
        try
        {
            var line = device.Render(build);
            await device.Sink.WriteLineAsync(line, deadline.Token);
            return RecordOutcome.Written;
        }
        catch (Exception) when (device.Retired)
        {
            return RecordOutcome.Retired;
        }
        catch (Exception error)
        {
            Report(device, error);
            return RecordOutcome.Failed;
        }
    }

    private async Task<AuditDevice> LoadDeviceAsync(AuditDeviceEntry entry, CancellationToken cancellationToken)
    {
        var salt = await _store.LoadOrCreateSaltAsync(entry.Uuid, cancellationToken);
        AuditDeviceSettings settings;
        try
        {
            settings = entry.Type == FileType
                ? AuditDeviceSettings.Parse(entry.Options)
                : throw CofferError.BadRequest($"unknown audit backend type: {entry.Type}");
        }
        catch (CofferError error)
        {
            var broken = new AuditDevice(entry, null, salt, new BrokenAuditSink(error.Message));
            Report(broken, error);
            return broken;
        }
        var sink = _sinks.Create(settings);
        var device = new AuditDevice(entry, settings, salt, sink);
        if (sink is FileAuditSink file)
        {
            try
            {
                file.Open();
            }
            catch (Exception error)
            {
                // Unsealing goes on; the device stays enabled, fails closed and retries on later writes.
                Report(device, error);
            }
        }
        return device;
    }

    private void CloseDevices()
    {
        var devices = _devices;
        _devices = [];
        foreach (var device in devices)
        {
            device.Dispose();
        }
    }

    private CancellationTokenSource Deadline(CancellationToken cancellationToken)
    {
        var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_options.WriteTimeout);
        return deadline;
    }

    private void Report(AuditDevice device, Exception error)
    {
        try
        {
            _options.DeviceFailed?.Invoke(device.Entry.Path, error);
        }
        catch (Exception)
        {
            // A faulty reporting hook must not turn a recorded entry into a failed request.
        }
    }

    /// <summary>What the <c>error</c> field says. Only client-facing errors are spelled out: the text of an
    /// unexpected exception may quote request data, which the log must not hold unhashed.</summary>
    private static string ErrorText(Exception? error) => error switch
    {
        null => "",
        CofferError coffer => string.Join("; ", coffer.Errors),
        _ => "internal error",
    };

    private static string NormalizePath(string path)
    {
        var trimmed = path.Trim().Trim('/');
        if (trimmed.Length == 0)
        {
            throw CofferError.BadRequest("path is required");
        }
        return trimmed + "/";
    }

    private enum RecordOutcome
    {
        Written,
        Failed,
        Retired,
    }
}
