namespace Coffer.Core.Replication.Wal;

/// <summary>
/// One entry change inside a WAL record: a put when <see cref="Value"/> is set, a delete otherwise. The value is
/// barrier ciphertext exactly as stored; <see cref="Class"/> is the class the writing cluster decided, so a
/// downstream filter needs no mount table of its own.
/// </summary>
public sealed record WalOperation(string Key, byte[]? Value, KeyClass Class)
{
    public bool IsDelete => Value is null;
}
