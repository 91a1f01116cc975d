//! Reading a shard: raw blocks from the input, records cut from them, and
//! records grouped into chunks for the workers.
//!
//! Two threads. The *pump* only reads: blocks of at most [`BLOCK_BYTES`]
//! into a small bounded queue, so reading never waits on cleaning and a
//! slow producer never holds up what was already read. The *chunker* cuts
//! records out of the blocks and sends chunks; when the input goes quiet it
//! sends what it has at once rather than wait for a full chunk, so a
//! pipeline fed slowly still sees each record promptly (and `--on-error
//! fail` stops at the failing record, not at the next full chunk).
//!
//! No record is ever held beyond the limit: a line longer than
//! `max_record_bytes` is sent as [`Message::Oversized`] and its bytes are
//! streamed through (or dropped) piece by piece.

use std::io::{ErrorKind, Read};
use std::sync::mpsc::{Receiver, RecvTimeoutError, SyncSender, sync_channel};
use std::time::Duration;

use super::OnError;

/// Most bytes one read takes from the input.
const BLOCK_BYTES: usize = 1 << 20;

/// Blocks read ahead of the chunker.
const BLOCKS_AHEAD: usize = 4;

/// Records per chunk, at most.
pub const CHUNK_RECORDS: usize = 256;

/// Bytes per chunk, at most, unless one record alone is larger.
pub const CHUNK_BYTES: usize = 4 << 20;

/// How long the input may be quiet before a partial chunk is sent.
const QUIET: Duration = Duration::from_millis(20);

/// What the UTF-8 byte-order mark looks like at the start of a file.
const BOM: &[u8] = b"\xef\xbb\xbf";

/// Records of the input, in order, numbered from `first_line`.
pub struct Chunk {
    pub index: usize,
    pub first_line: usize,
    pub lines: Vec<Vec<u8>>,
}

/// One piece of an over-long record, or the read error that cut it short.
pub type Piece = Result<Vec<u8>, String>;

/// What the chunker sends, each with its place in the output order.
pub enum Message {
    Chunk(Chunk),
    /// A record longer than the limit, at `line`. With `--on-error pass`
    /// its bytes (terminator included) follow on `stream`; otherwise they
    /// are dropped as they are read.
    Oversized {
        index: usize,
        line: usize,
        stream: Option<Receiver<Piece>>,
    },
    /// Reading failed after `line` complete lines (e.g. truncated gzip).
    Failed {
        index: usize,
        line: usize,
        error: String,
    },
}

/// Starts the pump and the chunker for one input. Each message is sent
/// only after taking a token from `tokens`, which the writer gives back
/// when it has written that message's records: the tokens bound what is
/// in memory, whatever the order in which the workers finish.
pub fn spawn(
    input: Box<dyn Read + Send>,
    max_record_bytes: usize,
    on_error: OnError,
    messages: SyncSender<Message>,
    tokens: Receiver<()>,
) {
    let (blocks_tx, blocks_rx) = sync_channel(BLOCKS_AHEAD);
    // Detached: a pump blocked in a read of a slow stdin must not keep the
    // run from ending; the process exit ends it.
    std::thread::spawn(move || pump(input, &blocks_tx));
    std::thread::spawn(move || {
        let lines = Lines::new(blocks_rx);
        Chunker {
            lines,
            max_record_bytes,
            on_error,
            messages,
            tokens,
            index: 0,
            line_number: 0,
        }
        .run();
    });
}

/// Reads blocks until the end of the input, dropping a byte-order mark at
/// its very start.
fn pump(mut input: Box<dyn Read + Send>, tx: &SyncSender<Result<Vec<u8>, String>>) {
    let mut buffer = vec![0u8; BLOCK_BYTES];
    let mut start = Vec::with_capacity(BOM.len());
    while start.len() < BOM.len() {
        match read_some(&mut input, &mut buffer[..BOM.len() - start.len()]) {
            Ok(0) => break,
            Ok(n) => start.extend_from_slice(&buffer[..n]),
            Err(e) => {
                let _ = tx.send(Err(e));
                return;
            }
        }
    }
    if start != BOM && !start.is_empty() && tx.send(Ok(start)).is_err() {
        return;
    }
    loop {
        match read_some(&mut input, &mut buffer) {
            Ok(0) => return,
            Ok(n) => {
                if tx.send(Ok(buffer[..n].to_vec())).is_err() {
                    return;
                }
            }
            Err(e) => {
                let _ = tx.send(Err(e));
                return;
            }
        }
    }
}

fn read_some(input: &mut dyn Read, buffer: &mut [u8]) -> Result<usize, String> {
    loop {
        match input.read(buffer) {
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            other => return other.map_err(|e| e.to_string()),
        }
    }
}

/// What the next call to [`Lines::next`] found.
enum Next {
    Line(Vec<u8>),
    /// The first bytes of a line longer than the limit; the rest follows
    /// through [`Lines::rest_of_line`].
    TooLong(Vec<u8>),
    /// Nothing arrived for a while (only when asked to notice).
    Quiet,
    End,
    Failed(String),
}

/// Lines cut from the pump's blocks.
struct Lines {
    blocks: Receiver<Result<Vec<u8>, String>>,
    block: Vec<u8>,
    pos: usize,
    /// The start of a line whose end has not arrived yet.
    partial: Vec<u8>,
    /// Inside an over-long line whose rest has not been taken yet.
    in_long_line: bool,
}

enum Wait {
    Forever,
    NoticeQuiet,
}

impl Lines {
    fn new(blocks: Receiver<Result<Vec<u8>, String>>) -> Lines {
        Lines {
            blocks,
            block: Vec::new(),
            pos: 0,
            partial: Vec::new(),
            in_long_line: false,
        }
    }

    /// Takes the next block; `Err(Next)` for quiet, the end, or a failure.
    fn refill(&mut self, wait: Wait) -> Result<(), Next> {
        let received = match wait {
            Wait::Forever => self
                .blocks
                .recv()
                .map_err(|_| RecvTimeoutError::Disconnected),
            Wait::NoticeQuiet => self.blocks.recv_timeout(QUIET),
        };
        match received {
            Ok(Ok(block)) => {
                self.block = block;
                self.pos = 0;
                Ok(())
            }
            Ok(Err(e)) => Err(Next::Failed(e)),
            Err(RecvTimeoutError::Timeout) => Err(Next::Quiet),
            Err(RecvTimeoutError::Disconnected) => Err(Next::End),
        }
    }

    /// The next line, terminator included, unless it is longer than `limit`
    /// bytes without its terminator.
    fn next(&mut self, limit: usize, wait_quiet: bool) -> Next {
        loop {
            let rest = &self.block[self.pos..];
            if let Some(i) = memchr::memchr(b'\n', rest) {
                grow_within(&mut self.partial, i + 1, limit);
                self.partial.extend_from_slice(&rest[..=i]);
                self.pos += i + 1;
                let line = std::mem::take(&mut self.partial);
                let content = line.len() - if line.ends_with(b"\r\n") { 2 } else { 1 };
                return if content > limit {
                    Next::TooLong(line)
                } else {
                    Next::Line(line)
                };
            }
            grow_within(&mut self.partial, rest.len(), limit);
            self.partial.extend_from_slice(rest);
            self.pos = self.block.len();
            // One byte of slack for a `\r` whose `\n` has not arrived.
            if self.partial.len() > limit.saturating_add(1) {
                self.in_long_line = true;
                return Next::TooLong(std::mem::take(&mut self.partial));
            }
            let wait = if wait_quiet {
                Wait::NoticeQuiet
            } else {
                Wait::Forever
            };
            match self.refill(wait) {
                Ok(()) => {}
                Err(Next::End) if !self.partial.is_empty() => {
                    // The last line, without a terminator.
                    let line = std::mem::take(&mut self.partial);
                    let content = line.len() - usize::from(line.ends_with(b"\r"));
                    return if content > limit {
                        Next::TooLong(line)
                    } else {
                        Next::Line(line)
                    };
                }
                Err(other) => return other,
            }
        }
    }

    /// The next piece of the over-long line [`Lines::next`] started, up to
    /// and including its line feed; `None` once it is over.
    fn rest_of_line(&mut self) -> Option<Piece> {
        if !self.in_long_line {
            return None;
        }
        loop {
            let rest = &self.block[self.pos..];
            if let Some(i) = memchr::memchr(b'\n', rest) {
                let piece = rest[..=i].to_vec();
                self.pos += i + 1;
                self.in_long_line = false;
                return Some(Ok(piece));
            }
            if !rest.is_empty() {
                let piece = rest.to_vec();
                self.pos = self.block.len();
                return Some(Ok(piece));
            }
            match self.refill(Wait::Forever) {
                Ok(()) => {}
                Err(Next::Failed(e)) => {
                    self.in_long_line = false;
                    return Some(Err(e));
                }
                Err(_) => {
                    self.in_long_line = false;
                    return None;
                }
            }
        }
    }
}

/// Makes room for `additional` more bytes of a line, doubling as a `Vec`
/// does but never past what a line within `limit` (plus the block that
/// shows it is longer) can need: a line of 200 MiB under a 256 MiB limit
/// must not reserve 512 MiB.
fn grow_within(line: &mut Vec<u8>, additional: usize, limit: usize) {
    let needed = line.len() + additional;
    if needed <= line.capacity() {
        return;
    }
    let ceiling = limit.saturating_add(2 + BLOCK_BYTES).max(needed);
    let target = line.capacity().saturating_mul(2).clamp(needed, ceiling);
    line.reserve_exact(target - line.len());
}

/// Groups lines into chunks and sends them in order.
struct Chunker {
    lines: Lines,
    max_record_bytes: usize,
    on_error: OnError,
    messages: SyncSender<Message>,
    tokens: Receiver<()>,
    index: usize,
    line_number: usize,
}

impl Chunker {
    fn run(mut self) {
        let mut chunk = self.empty_chunk();
        let mut bytes = 0usize;
        loop {
            let wait_quiet = !chunk.lines.is_empty();
            match self.lines.next(self.max_record_bytes, wait_quiet) {
                Next::Line(line) => {
                    if !chunk.lines.is_empty() && bytes + line.len() > CHUNK_BYTES {
                        if !self.send_chunk(&mut chunk) {
                            return;
                        }
                        bytes = 0;
                    }
                    self.line_number += 1;
                    bytes += line.len();
                    chunk.lines.push(line);
                    if chunk.lines.len() >= CHUNK_RECORDS {
                        if !self.send_chunk(&mut chunk) {
                            return;
                        }
                        bytes = 0;
                    }
                }
                Next::Quiet => {
                    if !self.send_chunk(&mut chunk) {
                        return;
                    }
                    bytes = 0;
                }
                Next::TooLong(head) => {
                    if !self.send_chunk(&mut chunk) {
                        return;
                    }
                    bytes = 0;
                    self.line_number += 1;
                    if !self.oversized(head) {
                        return;
                    }
                    chunk.first_line = self.line_number + 1;
                }
                Next::End => {
                    self.send_chunk(&mut chunk);
                    return;
                }
                Next::Failed(error) => {
                    if self.send_chunk(&mut chunk) {
                        let (index, line) = (self.index, self.line_number);
                        self.send(Message::Failed { index, line, error });
                    }
                    return;
                }
            }
        }
    }

    /// A chunk to fill, starting at the next line; its index is set when it
    /// is sent, after any over-long record sent before it.
    fn empty_chunk(&self) -> Chunk {
        Chunk {
            index: 0,
            first_line: self.line_number + 1,
            lines: Vec::new(),
        }
    }

    /// Sends `message` once the writer has room for it; false when the run
    /// is over (the writer stopped).
    fn send(&mut self, message: Message) -> bool {
        if self.tokens.recv().is_err() || self.messages.send(message).is_err() {
            return false;
        }
        self.index += 1;
        true
    }

    /// Sends the chunk if it has records, and starts the next one.
    fn send_chunk(&mut self, chunk: &mut Chunk) -> bool {
        if chunk.lines.is_empty() {
            chunk.first_line = self.line_number + 1;
            return true;
        }
        let mut full = std::mem::replace(chunk, self.empty_chunk());
        full.index = self.index;
        self.send(Message::Chunk(full))
    }

    /// Announces an over-long record, then streams or drops its bytes.
    fn oversized(&mut self, head: Vec<u8>) -> bool {
        let (index, line) = (self.index, self.line_number);
        let (stream_tx, stream) = match self.on_error {
            OnError::Pass => {
                let (tx, rx) = sync_channel::<Piece>(BLOCKS_AHEAD);
                (Some(tx), Some(rx))
            }
            OnError::Skip | OnError::Fail => (None, None),
        };
        if !self.send(Message::Oversized {
            index,
            line,
            stream,
        }) {
            return false;
        }
        let mut stream_tx = stream_tx;
        let mut piece = Some(Ok(head));
        while let Some(next) = piece {
            if let Err(error) = next {
                // Streaming: the writer reads the error where the bytes
                // stopped. Dropping: it learns of it as the next message.
                match &stream_tx {
                    Some(tx) => {
                        let _ = tx.send(Err(error));
                    }
                    None => {
                        let line = self.line_number - 1;
                        let index = self.index;
                        self.send(Message::Failed { index, line, error });
                    }
                }
                return false;
            }
            if let Some(tx) = &stream_tx
                && tx.send(next).is_err()
            {
                // The writer stopped taking this record: drop the rest.
                stream_tx = None;
            }
            piece = self.lines.rest_of_line();
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines_of(blocks: &[&[u8]]) -> Lines {
        let (tx, rx) = sync_channel(blocks.len() + 1);
        for block in blocks {
            tx.send(Ok(block.to_vec())).expect("send");
        }
        Lines::new(rx)
    }

    fn collect(lines: &mut Lines, limit: usize) -> Vec<String> {
        let mut out = Vec::new();
        loop {
            match lines.next(limit, false) {
                Next::Line(l) => out.push(String::from_utf8(l).expect("utf-8")),
                Next::TooLong(head) => {
                    let mut whole = head;
                    while let Some(Ok(piece)) = lines.rest_of_line() {
                        whole.extend_from_slice(&piece);
                    }
                    out.push(format!("LONG:{}", String::from_utf8(whole).expect("utf-8")));
                }
                _ => return out,
            }
        }
    }

    #[test]
    fn a_line_never_reserves_much_more_than_the_limit() {
        let mut line = vec![0u8; 100];
        grow_within(&mut line, 1 << 20, 1 << 20);
        grow_within(&mut line, 3 << 20, 1 << 20);
        assert!(line.capacity() <= (4 << 20) + 100, "{}", line.capacity());
        let mut line = Vec::new();
        grow_within(&mut line, 10, 1 << 30);
        assert!(line.capacity() >= 10);
    }

    #[test]
    fn lines_across_blocks_and_a_last_line_without_terminator() {
        let mut lines = lines_of(&[b"ab\ncd", b"e\r\n\nf"]);
        assert_eq!(collect(&mut lines, 100), ["ab\n", "cde\r\n", "\n", "f"]);
    }

    #[test]
    fn a_line_over_the_limit_is_handed_out_in_pieces_not_held() {
        let mut lines = lines_of(&[b"ok\n0123", b"456789", b"abc\nnext\n"]);
        assert_eq!(
            collect(&mut lines, 4),
            ["ok\n", "LONG:0123456789abc\n", "next\n"]
        );
        let mut lines = lines_of(&[b"12345\r\n1234\r\n"]);
        assert_eq!(collect(&mut lines, 4), ["LONG:12345\r\n", "1234\r\n"]);
    }
}
