namespace Coffer.Core.Storage;

/// <summary>One change inside an atomic batch: a put when <see cref="Value"/> is set, a delete otherwise.</summary>
public sealed record StorageOperation(string Key, byte[]? Value)
{
    public static StorageOperation Put(string key, byte[] value) => new(key, value);
    public static StorageOperation Delete(string key) => new(key, null);
    public bool IsDelete => Value is null;
}
