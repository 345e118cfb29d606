package evaluate

import (
	"fmt"
	"io"
	"math"
	"text/tabwriter"
)

// Bucket is one row of a reliability table: the predicted quotes whose
// confidence lies in [Low, High), how sure the extractor was of them on
// average and how many were fully right.
type Bucket struct {
	Low  float64 `json:"low"`
	High float64 `json:"high"`
	// Count is the number of predicted quotes in the bucket.
	Count int `json:"count"`
	// Right counts those that matched a gold quote and named its speaker.
	Right int `json:"right"`
	// MeanConfidence is the average confidence of the bucket's quotes.
	MeanConfidence float64 `json:"mean_confidence"`
	// Accuracy is Right / Count.
	Accuracy float64 `json:"accuracy"`
}

// Calibration says how far an extractor's confidence can be read as a
// probability: a quote is fully right when it matches a gold quote and its
// speaker agrees with the gold speaker; a spurious quote is wrong.
type Calibration struct {
	Buckets []Bucket `json:"buckets"`
	// ECE is the expected calibration error: the count-weighted mean gap
	// between confidence and accuracy over the buckets.
	ECE float64 `json:"ece"`
	// AtLeast90 is the share of quotes with confidence ≥ 0.9 that are fully
	// right (0 when there are none), and AtLeast90Count their number.
	AtLeast90      float64 `json:"accuracy_at_0_9"`
	AtLeast90Count int     `json:"count_at_0_9"`
}

// calibrationBuckets is the number of equal-width confidence buckets.
const calibrationBuckets = 10

// calibrator collects (confidence, right) observations.
type calibrator struct {
	conf  [calibrationBuckets]float64
	count [calibrationBuckets]int
	right [calibrationBuckets]int
	hiN   int
	hiOK  int
}

func (c *calibrator) add(confidence float64, right bool) {
	b := int(confidence * calibrationBuckets)
	b = max(0, min(b, calibrationBuckets-1))
	c.conf[b] += confidence
	c.count[b]++
	if right {
		c.right[b]++
	}
	if confidence >= 0.9 {
		c.hiN++
		if right {
			c.hiOK++
		}
	}
}

func (c *calibrator) result() *Calibration {
	out := &Calibration{Buckets: []Bucket{}}
	total := 0
	for _, n := range c.count {
		total += n
	}
	var ece float64
	for b := range calibrationBuckets {
		if c.count[b] == 0 {
			continue
		}
		n := float64(c.count[b])
		bk := Bucket{
			Low:            float64(b) / calibrationBuckets,
			High:           float64(b+1) / calibrationBuckets,
			Count:          c.count[b],
			Right:          c.right[b],
			MeanConfidence: round(c.conf[b] / n),
			Accuracy:       round(float64(c.right[b]) / n),
		}
		ece += n / float64(total) * math.Abs(c.conf[b]/n-float64(c.right[b])/n)
		out.Buckets = append(out.Buckets, bk)
	}
	out.ECE = round(ece)
	out.AtLeast90Count = c.hiN
	if c.hiN > 0 {
		out.AtLeast90 = round(float64(c.hiOK) / float64(c.hiN))
	}
	return out
}

// WriteTable prints the reliability table for a person to read.
func (c *Calibration) WriteTable(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "confidence\tquotes\tfully right\tmean confidence\taccuracy\t")
	for _, b := range c.Buckets {
		fmt.Fprintf(tw, "%.1f–%.1f\t%d\t%d\t%.3f\t%.3f\t\n", b.Low, b.High, b.Count, b.Right, b.MeanConfidence, b.Accuracy)
	}
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("write calibration table: %w", err)
	}
	_, err := fmt.Fprintf(w, "expected calibration error %.3f; confidence ≥ 0.9: %d quotes, %.3f fully right\n", c.ECE, c.AtLeast90Count, c.AtLeast90)
	if err != nil {
		return fmt.Errorf("write calibration table: %w", err)
	}
	return nil
}
