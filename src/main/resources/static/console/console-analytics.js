// The analytics page's two charts (automation rate and mean first response, month by month), drawn with ECharts from
// the JSON block the server rendered (#analytics-data). Without script the same figures are in the table below them.
(function () {
  function draw() {
    var block = document.getElementById('analytics-data');
    if (!block || !window.echarts) { return; }
    var data = JSON.parse(block.textContent || '{}');
    function bars(id, name, values, unit) {
      var el = document.getElementById(id);
      if (!el) { return; }
      var chart = window.echarts.init(el);
      chart.setOption({
        title: { text: name, textStyle: { fontSize: 14 } },
        tooltip: { trigger: 'axis', valueFormatter: function (v) { return v == null ? '–' : v + ' ' + unit; } },
        xAxis: { type: 'category', data: data.periods || [] },
        yAxis: { type: 'value', name: unit },
        series: [{ name: name, type: 'bar', data: values || [] }],
        aria: { enabled: true }
      });
      el.setAttribute('data-drawn', 'true');
    }
    bars('chart-rate', data.rateLabel, data.automationRate, '%');
    bars('chart-response', data.responseLabel, data.meanFirstResponseSeconds, 's');
  }
  if (document.readyState === 'loading') { document.addEventListener('DOMContentLoaded', draw); } else { draw(); }
})();
