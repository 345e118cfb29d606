package analytics

import (
	"bytes"
	"fmt"

	"github.com/parquet-go/parquet-go"
)

// Encode writes rows as one Parquet file (Snappy-compressed columns).
func Encode(rows []Row) ([]byte, error) {
	var buf bytes.Buffer
	if err := parquet.Write(&buf, rows, parquet.Compression(&parquet.Snappy)); err != nil {
		return nil, fmt.Errorf("write parquet: %w", err)
	}
	return buf.Bytes(), nil
}

// Decode reads the rows of a Parquet file made by Encode.
func Decode(data []byte) ([]Row, error) {
	rows, err := parquet.Read[Row](bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fmt.Errorf("read parquet: %w", err)
	}
	return rows, nil
}

// Schema is the Parquet schema of Row.
func Schema() *parquet.Schema { return parquet.SchemaOf(Row{}) }
