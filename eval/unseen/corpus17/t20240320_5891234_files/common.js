/* common.js 佛山市南海区人民政府门户网站 */
function setFontSize(size){
  var f=document.getElementById('contentFrame');
  try{var d=f.contentWindow.document;var ps=d.getElementsByTagName('p');
    for(var i=0;i<ps.length;i++){ps[i].style.fontSize=size+'px';}
    autoHeight(f);}catch(e){}
}
function autoHeight(f){
  try{var d=f.contentWindow.document;var h=Math.max(d.body.scrollHeight,d.documentElement.scrollHeight);
    f.style.height=(h+20)+'px';}catch(e){}
}
function printPage(){window.print();}
function closeWindow(){window.opener=null;window.open('','_self');window.close();}
window.onload=function(){
  var fs=document.getElementsByTagName('iframe');
  for(var i=0;i<fs.length;i++){autoHeight(fs[i]);}
};
