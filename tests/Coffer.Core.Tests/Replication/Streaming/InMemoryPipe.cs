using System.Threading.Channels;

namespace Coffer.Core.Tests.Replication.Streaming;

/// <summary>
/// A one-way in-memory byte pipe standing in for an HTTP/2 response body: the primary writes into <see cref="Writer"/>,
/// the secondary reads <see cref="Reader"/>. Bounded, so a slow reader holds the writer back as flow control would.
/// <see cref="Complete"/> without an error is a clean end of stream (the reader sees 0); with one, the reader's next
/// read throws it, as a reset stream would. Disposing the reader is the client walking away: the writer's next
/// write fails and <see cref="ReaderGone"/> is cancelled (the server's RequestAborted).
/// </summary>
internal sealed class InMemoryPipe
{
    private readonly Channel<byte[]> _chunks = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(64)
    {
        SingleReader = true,
        SingleWriter = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    private readonly CancellationTokenSource _readerGone = new();
    private readonly TaskCompletionSource _firstWrite = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public InMemoryPipe()
    {
        Writer = new WriteEnd(this);
        Reader = new ReadEnd(this);
    }

    public Stream Writer { get; }

    public Stream Reader { get; }

    /// <summary>Cancelled once the reading side is disposed or the pipe was failed.</summary>
    public CancellationToken ReaderGone => _readerGone.Token;

    /// <summary>Completes when the writer wrote its first bytes (the response "started").</summary>
    public Task FirstWrite => _firstWrite.Task;

    public void Complete(Exception? error = null) => _chunks.Writer.TryComplete(error);

    /// <summary>Breaks the pipe from outside (a network fault): both ends fail.</summary>
    public void Fail(Exception error)
    {
        Complete(error);
        CancelReaderGone();
    }

    private void CancelReaderGone()
    {
        try
        {
            _readerGone.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private sealed class WriteEnd(InMemoryPipe pipe) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (buffer.IsEmpty)
            {
                return;
            }
            try
            {
                // A copy: the caller may reuse its buffer once the write returns.
                await pipe._chunks.Writer.WriteAsync(buffer.ToArray(), cancellationToken);
            }
            catch (ChannelClosedException e)
            {
                throw new IOException("the reader went away", e);
            }
            pipe._firstWrite.TrySetResult();
        }
    }

    private sealed class ReadEnd(InMemoryPipe pipe) : Stream
    {
        private byte[] _current = [];
        private int _offset;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (buffer.IsEmpty)
            {
                return 0;
            }
            while (_offset >= _current.Length)
            {
                bool more;
                try
                {
                    more = await pipe._chunks.Reader.WaitToReadAsync(cancellationToken);
                }
                catch (Exception e) when (e is not OperationCanceledException and not IOException)
                {
                    throw new IOException("the stream was reset", e);
                }
                if (!more)
                {
                    return 0;
                }
                if (pipe._chunks.Reader.TryRead(out var chunk))
                {
                    _current = chunk;
                    _offset = 0;
                }
            }
            var count = Math.Min(buffer.Length, _current.Length - _offset);
            _current.AsMemory(_offset, count).CopyTo(buffer);
            _offset += count;
            return count;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                pipe.Complete(new IOException("the reader went away"));
                pipe.CancelReaderGone();
            }
            base.Dispose(disposing);
        }
    }
}
