package sqlaudit

import (
	"encoding/base64"
	"fmt"
	"hash/crc32"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/wsctl/wsctl/guard"
)

// A cursor is the position of the last entry of a page: its time and id,
// the two columns of the newest-first ordering. It is encoded as
// base64url("v1.<crc32>.<unix micros>.<id>"). The checksum lets Query reject
// a truncated or hand-edited cursor instead of silently seeking elsewhere.
// It is not a signature: a client can still build a valid cursor, which only
// lets it start a page at a position of its choosing.

const cursorVersion = "v1"

// maxCursorLen bounds the decoded input, so a huge query parameter costs
// nothing before it is rejected. Entry ids are expected to be far shorter.
const maxCursorLen = 512

type cursor struct {
	time time.Time
	id   string
}

func encodeCursor(c cursor) string {
	body := strconv.FormatInt(c.time.UnixMicro(), 10) + "." + c.id
	sum := crc32.ChecksumIEEE([]byte(body))
	raw := cursorVersion + "." + strconv.FormatUint(uint64(sum), 16) + "." + body
	return base64.RawURLEncoding.EncodeToString([]byte(raw))
}

// decodeCursor parses a cursor made by encodeCursor. Every error wraps
// guard.ErrInvalidCursor and never echoes the input.
func decodeCursor(s string) (cursor, error) {
	if len(s) > maxCursorLen {
		return cursor{}, fmt.Errorf("%w: longer than %d characters: pass next_cursor from the previous page unchanged", guard.ErrInvalidCursor, maxCursorLen)
	}

	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return cursor{}, fmt.Errorf("%w: not base64url: pass next_cursor from the previous page unchanged", guard.ErrInvalidCursor)
	}

	parts := strings.SplitN(string(raw), ".", 4)
	if len(parts) != 4 || parts[0] != cursorVersion {
		return cursor{}, fmt.Errorf("%w: unknown format: pass next_cursor from the previous page unchanged", guard.ErrInvalidCursor)
	}

	sum, err := strconv.ParseUint(parts[1], 16, 32)
	body := parts[2] + "." + parts[3]
	if err != nil || uint32(sum) != crc32.ChecksumIEEE([]byte(body)) {
		return cursor{}, fmt.Errorf("%w: checksum mismatch: pass next_cursor from the previous page unchanged", guard.ErrInvalidCursor)
	}

	// Stored ids are valid UTF-8 without NUL (see cleanText), and Postgres
	// rejects any other text as a query argument, so such an id fails here.
	micros, err := strconv.ParseInt(parts[2], 10, 64)
	if err != nil || parts[3] == "" || !utf8.ValidString(parts[3]) || strings.ContainsRune(parts[3], 0) {
		return cursor{}, fmt.Errorf("%w: unknown format: pass next_cursor from the previous page unchanged", guard.ErrInvalidCursor)
	}
	return cursor{time: time.UnixMicro(micros).UTC(), id: parts[3]}, nil
}
