// Draws the charts of report html with uPlot from the JSON in #report-data; the numbers are in the tables.
(function () {
	'use strict';

	var PALETTE = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#76b7b2', '#edc948', '#b07aa1', '#ff9da7',
		'#9c755f', '#bab0ac'];
	var HEIGHT = 300;
	var DAY = 86400;
	// room for counts of up to seven digits beside the axis label
	var COUNT_AXIS_SIZE = 72;
	// counts are whole: ticks 1, 2, 5, 10, 20, 50, ... apart
	var COUNT_INCRS = [];
	for (var power = 1; power <= 1e9; power *= 10) {
		COUNT_INCRS.push(power, 2 * power, 5 * power);
	}

	function zeroBased(u, min, max) {
		return [0, max > 0 ? max * 1.1 : 1];
	}

	// ticks on whole UTC days only, labelled YYYY-MM-DD
	var dayAxis = {
		incrs: [1, 2, 7, 14, 28, 91, 182, 364].map(function (days) { return days * DAY; }),
		values: function (u, splits) {
			return splits.map(function (s) { return new Date(s * 1000).toISOString().slice(0, 10); });
		},
		space: 70
	};

	function categoryAxis(rows) {
		return {
			splits: function () { return rows.map(function (row, i) { return i; }); },
			values: function (u, splits) { return splits.map(function (i) { return rows[i]; }); },
			gap: 6
		};
	}

	// stacked bars: each series drawn as the running total, the largest first, so that every
	// later (lower) one covers the bottom of the bar before it; the legend lists the top of the stack first
	function stacked(chart, width) {
		var days = chart.style === 'DAYS';
		var x = chart.rows.map(function (row, i) { return days ? Date.parse(row + 'T00:00:00Z') / 1000 : i; });
		var totals = x.map(function () { return 0; });
		var running = chart.series.map(function (series) {
			return series.values.map(function (value, i) { return (totals[i] += value || 0); });
		});
		var series = [{}];
		var data = [x];
		for (var s = chart.series.length - 1; s >= 0; s--) {
			var color = PALETTE[s % PALETTE.length];
			series.push({
				label: chart.series[s].name,
				stroke: color,
				fill: color,
				width: 0,
				paths: uPlot.paths.bars({ size: [days ? 0.9 : 0.6, 80] }),
				points: { show: false }
			});
			data.push(running[s]);
		}
		var xRange = days ? [x[0] - DAY / 2, x[x.length - 1] + DAY / 2] : [-0.5, x.length - 0.5];
		var xAxis = days ? dayAxis : categoryAxis(chart.rows);
		return {
			options: {
				width: width,
				height: HEIGHT,
				tzDate: function (ts) { return uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'); },
				legend: { live: false },
				cursor: { drag: { x: false, y: false } },
				scales: { x: { time: days, range: function () { return xRange; } }, y: { range: zeroBased } },
				padding: [null, 36, null, null],
				axes: [xAxis, { label: 'count', size: COUNT_AXIS_SIZE, incrs: COUNT_INCRS }],
				series: series
			},
			data: data
		};
	}

	function runs(chart, width) {
		var x = chart.rows.map(function (row, i) { return i; });
		var series = [{}];
		var data = [x];
		chart.series.forEach(function (s, i) {
			var color = PALETTE[i % PALETTE.length];
			series.push({
				label: s.unit ? s.name + ' (' + s.unit + ')' : s.name,
				scale: s.unit ? 'seconds' : 'count',
				stroke: color,
				width: 2,
				dash: s.unit ? [6, 4] : undefined,
				points: { show: true, size: 7, fill: color }
			});
			data.push(s.values);
		});
		var labels = chart.rows.map(function (id, i) {
			return chart.statuses[i] === 'COMPLETED' ? id : id + '\n' + chart.statuses[i];
		});
		return {
			options: {
				width: width,
				height: HEIGHT,
				legend: { live: false },
				cursor: { drag: { x: false, y: false } },
				scales: {
					x: { time: false, range: function () { return [-0.5, x.length - 0.5]; } },
					count: { range: zeroBased },
					seconds: { range: zeroBased }
				},
				axes: [categoryAxis(labels), { scale: 'count', label: 'requests', size: COUNT_AXIS_SIZE, incrs: COUNT_INCRS },
					{ scale: 'seconds', label: 'seconds', side: 1, grid: { show: false } }],
				series: series
			},
			data: data
		};
	}

	var report = JSON.parse(document.getElementById('report-data').textContent);
	report.charts.forEach(function (chart) {
		var element = document.getElementById(chart.id);
		if (!element) {
			return;
		}
		var width = Math.max(480, element.clientWidth);
		var plot = chart.style === 'RUNS' ? runs(chart, width) : stacked(chart, width);
		new uPlot(plot.options, plot.data, element);
	});
})();
