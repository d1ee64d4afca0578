using System.Buffers.Binary;
using Coffer.Core.Replication;
using Coffer.Core.Replication.Streaming;
using Coffer.Core.Replication.Wal;

namespace Coffer.Core.Tests.Replication.Streaming;

/// <summary>The frame format of replication streams (DESIGN.md §4.2) and the payloads it carries.</summary>
public sealed class ReplicationFrameTests
{
    private static readonly WalRecord First = new(7, 1_700_000_000_123,
    [
        new WalOperation("logical/abc/secret/one", [1, 2, 3], KeyClass.Replicated),
        new WalOperation("logical/abc/secret/gone", null, KeyClass.Replicated),
    ]);

    private static readonly WalRecord Second = new(8, 1_700_000_000_456, [new WalOperation("core/keyring", new byte[300], KeyClass.DrOnly)]);

    [Fact]
    public async Task Wal_batch_heartbeat_and_end_frames_round_trip_in_order()
    {
        using var buffer = new MemoryStream();
        var writer = new ReplicationFrameWriter(buffer);
        var heartbeat = new Heartbeat(1_700_000_001_000, 42, "https://primary.example:8200", ["https://a:8201", "https://b:8201"]);
        var batchBytes = await writer.WriteWalBatchAsync([First, Second], CancellationToken.None);
        await writer.WriteJsonAsync(ReplicationFrameType.Heartbeat, heartbeat.ToJson(), CancellationToken.None);
        await writer.WriteAsync(ReplicationFrameType.NotRetained, ReadOnlyMemory<byte>.Empty, CancellationToken.None);
        Assert.Equal(buffer.Length, writer.BytesWritten);

        buffer.Position = 0;
        var reader = new ReplicationFrameReader(buffer);
        var batch = await reader.ReadAsync(CancellationToken.None);
        Assert.Equal(ReplicationFrameType.WalBatch, batch!.Type);
        Assert.Equal(batchBytes, batch.Payload.Length);
        var records = ReplicationFrameReader.DecodeWalBatch(batch.Payload.Span);
        Assert.Equal(2, records.Count);
        AssertSameRecord(First, records[0]);
        AssertSameRecord(Second, records[1]);

        var beat = await reader.ReadAsync(CancellationToken.None);
        Assert.Equal(ReplicationFrameType.Heartbeat, beat!.Type);
        var parsed = Heartbeat.Parse(beat.Payload.Span);
        Assert.Equal(heartbeat.PrimaryUnixMs, parsed.PrimaryUnixMs);
        Assert.Equal(heartbeat.LastIndex, parsed.LastIndex);
        Assert.Equal(heartbeat.ApiAddress, parsed.ApiAddress);
        Assert.Equal(heartbeat.ClusterAddresses, parsed.ClusterAddresses);

        var notRetained = await reader.ReadAsync(CancellationToken.None);
        Assert.Equal(ReplicationFrameType.NotRetained, notRetained!.Type);
        Assert.True(notRetained.Payload.IsEmpty);

        Assert.Null(await reader.ReadAsync(CancellationToken.None));
        Assert.Equal(buffer.Length, reader.BytesRead);
    }

    [Fact]
    public async Task An_empty_batch_round_trips_to_no_records()
    {
        using var buffer = new MemoryStream();
        await new ReplicationFrameWriter(buffer).WriteWalBatchAsync([], CancellationToken.None);
        buffer.Position = 0;
        var frame = await new ReplicationFrameReader(buffer).ReadAsync(CancellationToken.None);
        Assert.Empty(ReplicationFrameReader.DecodeWalBatch(frame!.Payload.Span));
    }

    [Fact]
    public async Task An_empty_stream_is_a_clean_end()
    {
        Assert.Null(await new ReplicationFrameReader(new MemoryStream()).ReadAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Entry_page_round_trips_values_empty_values_and_deletions()
    {
        IReadOnlyList<KeyValuePair<string, byte[]?>> entries =
        [
            KeyValuePair.Create("logical/abc/secret/ünïcode", (byte[]?)[9, 8, 7]),
            KeyValuePair.Create("logical/abc/secret/empty", (byte[]?)[]),
            KeyValuePair.Create("logical/abc/secret/deleted", (byte[]?)null),
        ];
        using var buffer = new MemoryStream();
        await new ReplicationFrameWriter(buffer).WriteEntriesAsync(entries, CancellationToken.None);
        buffer.Position = 0;
        var frame = await new ReplicationFrameReader(buffer).ReadAsync(CancellationToken.None);
        Assert.Equal(ReplicationFrameType.BootstrapEntries, frame!.Type);
        var decoded = EntryPageCodec.Decode(frame.Payload.Span);
        Assert.Equal(entries.Select(e => e.Key), decoded.Select(e => e.Key));
        Assert.Equal([9, 8, 7], decoded[0].Value!);
        Assert.Equal([], decoded[1].Value!);
        Assert.Null(decoded[2].Value);
        Assert.Empty(EntryPageCodec.Decode(EntryPageCodec.Encode([])));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(10)]
    public async Task A_stream_ending_inside_a_frame_is_corrupt(int keep)
    {
        using var buffer = new MemoryStream();
        await new ReplicationFrameWriter(buffer).WriteWalBatchAsync([First], CancellationToken.None);
        var truncated = new MemoryStream(buffer.ToArray()[..keep]);
        await Assert.ThrowsAsync<InvalidDataException>(() => new ReplicationFrameReader(truncated).ReadAsync(CancellationToken.None));
    }

    [Theory]
    [InlineData(0u)]
    [InlineData((uint)ReplicationFrameReader.MaxFrameBytes + 1)]
    [InlineData(uint.MaxValue)]
    public async Task An_impossible_frame_length_is_corrupt_without_reading_on(uint length)
    {
        var header = new byte[5 + 16];
        BinaryPrimitives.WriteUInt32BigEndian(header, length);
        header[4] = (byte)ReplicationFrameType.WalBatch;
        await Assert.ThrowsAsync<InvalidDataException>(() => new ReplicationFrameReader(new MemoryStream(header)).ReadAsync(CancellationToken.None));
    }

    [Fact]
    public void Corrupt_wal_batches_are_refused()
    {
        var valid = BatchPayload(First);
        List<byte[]> cases =
        [
            [],
            [0, 0, 0],
            Count(-1),
            Count(int.MaxValue),
            valid[..^1],
        ];
        // A record length pointing past the payload.
        var badLength = valid.ToArray();
        BinaryPrimitives.WriteInt32BigEndian(badLength.AsSpan(4), valid.Length);
        cases.Add(badLength);
        // A count claiming one record more than the payload holds.
        var extra = valid.ToArray();
        BinaryPrimitives.WriteInt32BigEndian(extra, 2);
        cases.Add(extra);
        // A record whose bytes are not a WAL record.
        var garbage = new byte[4 + 4 + 3];
        BinaryPrimitives.WriteInt32BigEndian(garbage, 1);
        BinaryPrimitives.WriteInt32BigEndian(garbage.AsSpan(4), 3);
        garbage[8] = 0xFF;
        garbage[9] = 0xFF;
        garbage[10] = 0xFF;
        cases.Add(garbage);
        foreach (var payload in cases)
        {
            Assert.Throws<InvalidDataException>(() => ReplicationFrameReader.DecodeWalBatch(payload));
        }
    }

    [Fact]
    public void Corrupt_entry_pages_are_refused()
    {
        var valid = EntryPageCodec.Encode([KeyValuePair.Create("k", (byte[]?)[1, 2])]);
        var negativeKey = valid.ToArray();
        BinaryPrimitives.WriteInt32BigEndian(negativeKey.AsSpan(4), -1);
        var trailing = valid.Concat(new byte[] { 0 }).ToArray();
        foreach (var page in new byte[][] { [], valid[..^1], Count(-1), Count(1), negativeKey, trailing })
        {
            Assert.Throws<InvalidDataException>(() => EntryPageCodec.Decode(page));
        }
    }

    [Fact]
    public void Malformed_heartbeats_are_refused()
    {
        foreach (var text in new[] { "", "[]", "{}", "{\"time_ms\":\"x\",\"last_wal\":1}", "not json" })
        {
            Assert.Throws<InvalidDataException>(() => Heartbeat.Parse(System.Text.Encoding.UTF8.GetBytes(text)));
        }
    }

    private static byte[] BatchPayload(WalRecord record)
    {
        var encoded = WalRecordCodec.Encode(record);
        var payload = new byte[8 + encoded.Length];
        BinaryPrimitives.WriteInt32BigEndian(payload, 1);
        BinaryPrimitives.WriteInt32BigEndian(payload.AsSpan(4), encoded.Length);
        encoded.CopyTo(payload, 8);
        Assert.Single(ReplicationFrameReader.DecodeWalBatch(payload));
        return payload;
    }

    private static byte[] Count(int count)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(bytes, count);
        return bytes;
    }

    private static void AssertSameRecord(WalRecord expected, WalRecord actual)
    {
        Assert.Equal(expected.Index, actual.Index);
        Assert.Equal(expected.TimestampUnixMs, actual.TimestampUnixMs);
        Assert.Equal(expected.Operations.Count, actual.Operations.Count);
        for (var i = 0; i < expected.Operations.Count; i++)
        {
            Assert.Equal(expected.Operations[i].Key, actual.Operations[i].Key);
            Assert.Equal(expected.Operations[i].Value, actual.Operations[i].Value);
            Assert.Equal(expected.Operations[i].Class, actual.Operations[i].Class);
        }
    }
}
