package prompt

import (
	"bufio"
	"errors"
	"io"
)

// lineReader hands out at most one line per Read call. huh's accessible
// mode wraps the input in a new bufio.Scanner for every question, and a
// scanner reads ahead as far as its buffer allows, so without this the
// lines meant for later questions would be lost in a discarded buffer.
type lineReader struct {
	source  *bufio.Reader
	pending []byte

	// err is the first read error other than io.EOF.
	err error
}

func newLineReader(r io.Reader) *lineReader {
	return &lineReader{source: bufio.NewReader(r)}
}

func (l *lineReader) Read(p []byte) (int, error) {
	if len(l.pending) == 0 {
		line, err := l.source.ReadBytes('\n')
		if err != nil && !errors.Is(err, io.EOF) && l.err == nil {
			l.err = err
		}
		if len(line) == 0 {
			return 0, err
		}
		l.pending = line
	}

	n := copy(p, l.pending)
	l.pending = l.pending[n:]
	return n, nil
}
