//! `calque eval --plot FILE.svg`: ROC curves (machine against `orig`, `ht`
//! and both) beside the histogram of calibrated scores for each label.

use std::path::Path;

use plotters::prelude::*;

use crate::corpus::Label;
use crate::error::Error;
use crate::eval::{auc, roc_curve, Scored};

/// Histogram bins of the score panel.
const HISTOGRAM_BINS: usize = 20;

/// Only SVG is drawn; refuse other extensions before any work is done.
pub fn check_path(path: &Path) -> Result<(), Error> {
    let svg = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("svg"));
    if svg {
        Ok(())
    } else {
        Err(Error::Usage(format!(
            "--plot writes SVG; name the file *.svg (got {})",
            path.display()
        )))
    }
}

fn plot_error(path: &Path, e: impl std::fmt::Display) -> Error {
    Error::Io {
        path: path.to_owned(),
        source: std::io::Error::other(e.to_string()),
    }
}

/// Share of each label's documents in each score bin.
pub fn histogram(probabilities: &[f64]) -> Vec<f64> {
    let mut bins = vec![0.0; HISTOGRAM_BINS];
    for &p in probabilities {
        let b = ((p.clamp(0.0, 1.0) * HISTOGRAM_BINS as f64) as usize).min(HISTOGRAM_BINS - 1);
        bins[b] += 1.0;
    }
    let n = probabilities.len().max(1) as f64;
    bins.iter_mut().for_each(|b| *b /= n);
    bins
}

pub fn draw(path: &Path, scored: &Scored) -> Result<(), Error> {
    check_path(path)?;
    let root = SVGBackend::new(path, (1200, 520)).into_drawing_area();
    root.fill(&WHITE).map_err(|e| plot_error(path, e))?;
    let (left, right) = root.split_horizontally(600);

    let of = |label: Label| scored.select(|i| scored.labels[i] == label);
    let mt = of(Label::Mt);
    let ht = of(Label::Ht);
    let orig = of(Label::Orig);
    let human = scored.select(|i| scored.labels[i] != Label::Mt);

    let mut roc = ChartBuilder::on(&left)
        .caption("ROC: machine translation vs human", ("sans-serif", 22))
        .margin(15)
        .x_label_area_size(40)
        .y_label_area_size(50)
        .build_cartesian_2d(0.0..1.0, 0.0..1.0)
        .map_err(|e| plot_error(path, e))?;
    roc.configure_mesh()
        .x_desc("false positive rate")
        .y_desc("true positive rate")
        .draw()
        .map_err(|e| plot_error(path, e))?;
    roc.draw_series(LineSeries::new([(0.0, 0.0), (1.0, 1.0)], BLACK.mix(0.3)))
        .map_err(|e| plot_error(path, e))?;
    let curves = [
        ("mt vs orig", &orig, RGBColor(31, 119, 180)),
        ("mt vs ht", &ht, RGBColor(214, 39, 40)),
        ("mt vs both", &human, RGBColor(44, 160, 44)),
    ];
    for (name, negatives, color) in curves {
        let Some(area) = auc(&mt, negatives) else {
            continue;
        };
        roc.draw_series(LineSeries::new(
            roc_curve(&mt, negatives),
            color.stroke_width(2),
        ))
        .map_err(|e| plot_error(path, e))?
        .label(format!("{name} (AUC {area:.3})"))
        .legend(move |(x, y)| PathElement::new([(x, y), (x + 20, y)], color.stroke_width(2)));
    }
    roc.configure_series_labels()
        .position(SeriesLabelPosition::LowerRight)
        .background_style(WHITE.mix(0.8))
        .border_style(BLACK.mix(0.3))
        .draw()
        .map_err(|e| plot_error(path, e))?;

    let series = [
        ("mt", histogram(&mt), mt.len(), RGBColor(214, 39, 40)),
        ("ht", histogram(&ht), ht.len(), RGBColor(255, 127, 14)),
        ("orig", histogram(&orig), orig.len(), RGBColor(31, 119, 180)),
    ];
    let top = series
        .iter()
        .flat_map(|s| s.1.iter().copied())
        .fold(0.0f64, f64::max)
        .max(0.01)
        * 1.05;
    let mut hist = ChartBuilder::on(&right)
        .caption("Calibrated score by label", ("sans-serif", 22))
        .margin(15)
        .x_label_area_size(40)
        .y_label_area_size(50)
        .build_cartesian_2d(0.0..1.0, 0.0..top)
        .map_err(|e| plot_error(path, e))?;
    hist.configure_mesh()
        .x_desc("probability of machine translation")
        .y_desc("share of the label's documents")
        .draw()
        .map_err(|e| plot_error(path, e))?;
    let width = 1.0 / HISTOGRAM_BINS as f64;
    for (name, bins, count, color) in series {
        if count == 0 {
            continue;
        }
        // A step outline per label, so overlapping labels stay readable.
        let mut steps = vec![(0.0, 0.0)];
        for (b, &share) in bins.iter().enumerate() {
            steps.push((b as f64 * width, share));
            steps.push(((b + 1) as f64 * width, share));
        }
        steps.push((1.0, 0.0));
        hist.draw_series(LineSeries::new(steps, color.stroke_width(2)))
            .map_err(|e| plot_error(path, e))?
            .label(format!("{name} ({count} documents)"))
            .legend(move |(x, y)| PathElement::new([(x, y), (x + 20, y)], color.stroke_width(2)));
    }
    hist.configure_series_labels()
        .position(SeriesLabelPosition::UpperMiddle)
        .background_style(WHITE.mix(0.8))
        .border_style(BLACK.mix(0.3))
        .draw()
        .map_err(|e| plot_error(path, e))?;
    root.present().map_err(|e| plot_error(path, e))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn histogram_shares_sum_to_one() {
        let h = histogram(&[0.0, 0.5, 1.0, 0.99]);
        assert!((h.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        assert!((h[HISTOGRAM_BINS - 1] - 0.5).abs() < 1e-12);
        assert!((h[0] - 0.25).abs() < 1e-12);
    }

    #[test]
    fn draws_an_svg_and_refuses_other_formats() {
        let dir = tempfile::tempdir().unwrap();
        assert!(check_path(&dir.path().join("x.png")).is_err());
        let out = dir.path().join("eval.svg");
        let scored = Scored {
            probabilities: vec![0.9, 0.7, 0.3, 0.1],
            labels: vec![Label::Mt, Label::Mt, Label::Ht, Label::Orig],
            src_langs: vec![String::new(); 4],
            systems: vec![String::new(); 4],
            clusters: vec!["a".into(), "b".into(), "c".into(), "d".into()],
        };
        draw(&out, &scored).unwrap();
        let svg = std::fs::read_to_string(&out).unwrap();
        assert!(
            svg.starts_with("<svg") && svg.contains("AUC 1.000"),
            "{}",
            &svg[..200.min(svg.len())]
        );
    }
}
