package render

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/whosaid/whosaid/internal/article"
	"github.com/whosaid/whosaid/internal/offline"
)

// artifactDir is where browser tests leave what they saw (gitignored).
const artifactDir = "../../.artifacts/browser"

// chromium returns the distribution's Chromium, or skips the test when it
// is missing and WHOSAID_REQUIRE_BROWSER is not set (make test sets it on CI, after
// installing Chromium).
func chromium(t *testing.T) string {
	t.Helper()
	for _, p := range []string{os.Getenv("WHOSAID_CHROMIUM"), "/usr/bin/chromium", "chromium", "chromium-browser"} {
		if p == "" {
			continue
		}
		if path, err := exec.LookPath(p); err == nil {
			return path
		}
	}
	if os.Getenv("WHOSAID_REQUIRE_BROWSER") != "" {
		t.Fatal("Chromium is not installed (apt-get install -y chromium) and WHOSAID_REQUIRE_BROWSER is set")
	}
	t.Skip("Chromium is not installed (apt-get install -y chromium); skipping the browser test")
	return ""
}

// browser starts a headless Chromium with a fresh profile and nothing
// running in the background; it stops with the test.
func browser(t *testing.T) context.Context {
	t.Helper()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromium(t)),
		chromedp.Flag("headless", true),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	}
	// a guard against a hung browser, not a speed requirement
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	actx, acancel := chromedp.NewExecAllocator(ctx, opts...)
	bctx, bcancel := chromedp.NewContext(actx)
	t.Cleanup(func() { bcancel(); acancel(); cancel() })
	return bctx
}

// exampleSummary summarizes the repository's example article with the
// offline extractor and flags one quotation, as a reviewer would see it.
func exampleSummary(t *testing.T) (*article.Summary, string) {
	t.Helper()
	b, err := os.ReadFile("../../article.txt")
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	s, err := offline.New(offline.DefaultConfig()).Extract(context.Background(), article.Article{Source: "local", ID: "article", Title: "Riverside library to stay open on Sundays after council vote", Text: text, Revision: article.Revision(text)})
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Quotes) < 5 || len(s.Speakers) < 3 {
		t.Fatalf("the example article gives %d quotes by %d speakers; the test needs more", len(s.Quotes), len(s.Speakers))
	}
	s.Quotes[1].Flags = []string{"weak_evidence"}
	return &s, text
}

// TestReviewPageInABrowser opens the review page in headless Chromium and
// checks what a person sees: one highlight per quotation in its speaker's
// legend colour, the legend with roles and counts, the description on
// keyboard focus, the flagged quotation set apart, readable contrast,
// landmarks, and no network request. It saves a screenshot.
func TestReviewPageInABrowser(t *testing.T) {
	ctx := browser(t)
	s, text := exampleSummary(t)
	if err := os.MkdirAll(artifactDir, 0o755); err != nil {
		t.Fatal(err)
	}
	dir, err := filepath.Abs(artifactDir)
	if err != nil {
		t.Fatal(err)
	}
	page := filepath.Join(dir, "review.html")
	f, err := os.Create(page)
	if err != nil {
		t.Fatal(err)
	}
	if err := HTML(f, s, text); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}

	var mu sync.Mutex
	var requests []string
	if err := chromedp.Listen(ctx, func(ev any) {
		if e, ok := ev.(*network.EventRequestWillBeSent); ok {
			mu.Lock()
			requests = append(requests, e.Request.URL)
			mu.Unlock()
		}
	}); err != nil {
		t.Fatalf("browser: %v", err)
	}
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		t.Fatalf("browser: %v", err)
	}

	type seen struct {
		Marks []struct {
			ID, Speaker, Background, Text string
			Contrast                      float64
		}
		Legend []struct {
			Name, Role, Count, Swatch string
		}
		Landmarks    []string
		Described    int
		FlaggedStyle string
		FlaggedMark  string
		Title        string
	}
	if err := chromedp.Do(ctx, chromedp.Navigate("file://"+page), chromedp.WaitVisible(".legend")); err != nil {
		t.Fatalf("browser: %v", err)
	}
	got, err := chromedp.Run(ctx, chromedp.Evaluate[seen](`(() => {
		  const rgb = c => c.match(/[\d.]+/g).slice(0, 3).map(Number);
		  const lum = c => { const [r, g, b] = rgb(c).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
		  const contrast = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
		  const marks = [...document.querySelectorAll('main .article mark.q')].map(m => {
		    const cs = getComputedStyle(m);
		    return {ID: m.id, Speaker: m.dataset.speaker, Background: cs.backgroundColor, Text: m.textContent, Contrast: contrast(cs.color, cs.backgroundColor)};
		  });
		  const legend = [...document.querySelectorAll('aside .legend li')].map(li => ({
		    Name: li.querySelector('.name').textContent, Role: (li.querySelector('.role') || {textContent: ''}).textContent,
		    Count: li.querySelector('.count').textContent, Swatch: getComputedStyle(li.querySelector('.swatch')).backgroundColor}));
		  const landmarks = [...document.querySelectorAll('header, main, aside, section[aria-labelledby]')].map(e => e.tagName.toLowerCase());
		  const described = [...document.querySelectorAll('main mark.q')].filter(m => { const d = document.getElementById(m.getAttribute('aria-describedby')); return d && d.textContent.length > 0; }).length;
		  const fl = document.querySelector('main mark.q.flagged');
		  const fcs = fl ? getComputedStyle(fl) : null;
		  return {Marks: marks, Legend: legend, Landmarks: landmarks, Described: described,
		    FlaggedStyle: fcs ? fcs.outlineStyle + ' ' + getComputedStyle(fl, '::before').content : '', FlaggedMark: fl ? fl.id : '', Title: document.title};
		})()`))
	if err != nil {
		t.Fatalf("browser: %v", err)
	}
	plain, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("browser: %v", err)
	}
	if err := os.WriteFile(filepath.Join(dir, "review.png"), plain, 0o644); err != nil {
		t.Fatal(err)
	}
	// keyboard: Tab past the skip link to the first quotation
	if err := chromedp.Do(ctx, chromedp.KeyEvent("\t"), chromedp.KeyEvent("\t")); err != nil {
		t.Fatalf("browser: %v", err)
	}
	focused, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement.id`))
	if err != nil {
		t.Fatalf("browser: %v", err)
	}
	tipOnFocus, err := chromedp.Run(ctx, chromedp.Evaluate[string](`getComputedStyle(document.activeElement, '::after').content`))
	if err != nil {
		t.Fatalf("browser: %v", err)
	}
	// mouse: hovering over the last quotation shows its description
	last := s.Quotes[len(s.Quotes)-1]
	box, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](`(() => { const r = document.getElementById(`+"`"+last.ID+"`"+`).getClientRects()[0]; return [r.left + r.width / 2, r.top + r.height / 2]; })()`))
	if err != nil || len(box) != 2 {
		t.Fatalf("browser: %v %v", err, box)
	}
	if err := chromedp.Do(ctx, chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, box[0], box[1])); err != nil {
		t.Fatalf("browser: %v", err)
	}
	tipOnHover, err := chromedp.Run(ctx, chromedp.Evaluate[string](`getComputedStyle(document.getElementById(`+"`"+last.ID+"`"+`), '::after').content`))
	if err != nil {
		t.Fatalf("browser: %v", err)
	}
	lastSpeaker := s.SpeakerByID(last.Speaker).Name
	if !strings.Contains(tipOnHover, lastSpeaker) || !strings.Contains(tipOnHover, string(last.Kind)) {
		t.Errorf("description on hover over %s: %q, want %s and %s", last.ID, tipOnHover, lastSpeaker, last.Kind)
	}
	shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("browser: %v", err)
	}
	if err := os.WriteFile(filepath.Join(dir, "review-focus.png"), shot, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshots: %s and review-focus.png", filepath.Join(dir, "review.png"))

	if len(got.Marks) != len(s.Quotes) {
		t.Errorf("%d highlights, want one per quotation (%d)", len(got.Marks), len(s.Quotes))
	}
	swatch := map[string]string{}
	for i, sp := range s.Speakers {
		if i >= len(got.Legend) {
			break
		}
		l := got.Legend[i]
		swatch[sp.ID] = l.Swatch
		if l.Name != sp.Name || l.Role != Role(sp) || l.Count != fmt.Sprint(sp.QuoteCount) {
			t.Errorf("legend entry %d = %+v, want %s (%s) with %d", i, l, sp.Name, Role(sp), sp.QuoteCount)
		}
	}
	if len(got.Legend) != len(s.Speakers) {
		t.Errorf("legend has %d speakers, want %d", len(got.Legend), len(s.Speakers))
	}
	colours := map[string]bool{}
	for i, m := range got.Marks {
		q := s.Quotes[i]
		if m.ID != q.ID || m.Text != q.Text {
			t.Errorf("highlight %d = %s %.40q, want %s %.40q", i, m.ID, m.Text, q.ID, q.Text)
		}
		if m.Background != swatch[q.Speaker] {
			t.Errorf("%s is highlighted %s, its speaker's legend colour is %s", m.ID, m.Background, swatch[q.Speaker])
		}
		if m.Contrast < 4.5 {
			t.Errorf("%s: text contrast %.1f:1, under WCAG AA 4.5:1", m.ID, m.Contrast)
		}
		colours[m.Background] = true
	}
	if len(colours) != len(s.Speakers) {
		t.Errorf("%d highlight colours for %d speakers", len(colours), len(s.Speakers))
	}
	if got.Described != len(s.Quotes) {
		t.Errorf("%d of %d highlights have a description for screen readers", got.Described, len(s.Quotes))
	}
	if strings.Join(got.Landmarks, ",") != "header,main,aside,section" {
		t.Errorf("landmarks %v", got.Landmarks)
	}
	if got.FlaggedMark != s.Quotes[1].ID || !strings.HasPrefix(got.FlaggedStyle, "dashed") || !strings.Contains(got.FlaggedStyle, "⚑") {
		t.Errorf("flagged quotation %q drawn as %q, want %s dashed with ⚑", got.FlaggedMark, got.FlaggedStyle, s.Quotes[1].ID)
	}
	first := s.Quotes[0]
	sp := s.SpeakerByID(first.Speaker)
	if focused != first.ID {
		t.Errorf("two Tabs focus %q, want the first quotation %s", focused, first.ID)
	}
	for _, want := range []string{sp.Name, string(first.Kind), first.Cue, fmt.Sprintf("%.2f", first.Confidence)} {
		if !strings.Contains(tipOnFocus, want) {
			t.Errorf("description on focus %q lacks %q", tipOnFocus, want)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	for _, u := range requests {
		if !strings.HasPrefix(u, "file:") && !strings.HasPrefix(u, "data:") {
			t.Errorf("the page made a network request: %s", u)
		}
	}
	if !strings.Contains(got.Title, s.Article.Title) {
		t.Errorf("document title %q", got.Title)
	}
	b, _ := json.Marshal(got.Legend)
	t.Logf("legend: %s", b)
}
