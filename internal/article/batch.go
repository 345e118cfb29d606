package article

import "time"

// Batch is a submitted OpenAI Batch API job as the record store keeps it
// (internal/batch submits and finishes them).
type Batch struct {
	ID          string    `json:"id"`
	InputFileID string    `json:"input_file_id"`
	Articles    int       `json:"articles"`
	Lines       int       `json:"lines"`
	Created     time.Time `json:"created"`
	// Open until the poller has stored its results.
	Open bool `json:"open"`
	// Status is the API's last status; Stored, Retried and Skipped count
	// the articles stored from it, sent to the live queue, and no longer
	// current.
	Status  string `json:"status"`
	Stored  int    `json:"stored"`
	Retried int    `json:"retried"`
	Skipped int    `json:"skipped"`
}
