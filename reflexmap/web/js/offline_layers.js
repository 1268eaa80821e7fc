/* global cb_obj, labels, bands, band_labels */
const active = cb_obj.active;
for (const l of labels) l.visible = active.includes(0);
for (const b of bands) b.visible = active.includes(1);
for (const b of band_labels) b.visible = active.includes(1);
